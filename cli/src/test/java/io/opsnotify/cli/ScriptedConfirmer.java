package io.opsnotify.cli;

import java.util.ArrayList;
import java.util.List;

/** A {@link Confirmer} for tests: a terminal or not, and a fixed answer; records the questions. */
final class ScriptedConfirmer implements Confirmer {
    private final boolean interactive;
    private final boolean answer;
    final List<String> questions = new ArrayList<>();

    ScriptedConfirmer(boolean interactive, boolean answer) {
        this.interactive = interactive;
        this.answer = answer;
    }

    static ScriptedConfirmer noTerminal() {
        return new ScriptedConfirmer(false, false);
    }

    @Override
    public boolean interactive() {
        return interactive;
    }

    @Override
    public boolean confirm(String question) {
        questions.add(question);
        return answer;
    }
}
