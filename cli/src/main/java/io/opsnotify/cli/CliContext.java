package io.opsnotify.cli;

import java.util.Map;

/**
 * What commands get from outside: the process environment and a way to ask the user. Tests
 * pass their own; {@code main} passes the real ones.
 */
public record CliContext(Map<String, String> env, Confirmer confirmer) {
    public CliContext {
        env = Map.copyOf(env);
    }

    public static CliContext system(Map<String, String> env) {
        return new CliContext(env, new TerminalConfirmer());
    }
}
