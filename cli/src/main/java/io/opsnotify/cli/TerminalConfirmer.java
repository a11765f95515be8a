package io.opsnotify.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The confirmation prompt on the user's terminal, with JLine. */
final class TerminalConfirmer implements Confirmer {
    @Override
    public boolean interactive() {
        return System.console() != null; // stdin and stdout are both a terminal
    }

    @Override
    public boolean confirm(String question) {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            String answer = reader.readLine(question + " [y/N] ");
            String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
            return a.equals("y") || a.equals("yes");
        } catch (UserInterruptException | EndOfFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
