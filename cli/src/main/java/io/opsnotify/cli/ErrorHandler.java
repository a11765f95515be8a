package io.opsnotify.cli;

import io.opsnotify.notifier.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * One line (or, for a config file, one line per problem) instead of a stack trace; the trace
 * only with --stacktrace. Invalid input exits 2, anything else that escaped a command exits 3.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        boolean trace = cl.getCommandSpec().root().userObject() instanceof Opsnotify root && root.stacktrace;
        if (ex instanceof ConfigException || ex instanceof UsageError) {
            err.println("opsnotify: " + ex.getMessage());
            if (trace) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.CRITICAL;
        }
        err.println("opsnotify: " + (ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage()));
        if (trace) {
            ex.printStackTrace(err);
        } else {
            err.println("(run again with --stacktrace for details)");
        }
        err.flush();
        return ExitCodes.UNKNOWN;
    }

    /** Thrown by commands for invalid input that picocli's own parsing cannot see. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }
}
