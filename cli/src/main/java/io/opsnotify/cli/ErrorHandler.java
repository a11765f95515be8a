package io.opsnotify.cli;

import io.opsnotify.input.InputSource;
import io.opsnotify.aws.AwsErrors;
import io.opsnotify.aws.InvalidAwsInputException;
import io.opsnotify.cloud.CloudException;
import io.opsnotify.deploy.DeployPlanner;
import io.opsnotify.notifier.base.SafeText;
import io.opsnotify.notifier.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * One line (or, for a config file, one line per problem) instead of a stack trace; the trace
 * only with --stacktrace. Every message goes through {@link SafeText#line}: a value in it (a file
 * name, a config value, an argument) cannot start a line of its own. Invalid input exits 2, anything else that escaped a command exits 3.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        boolean trace = cl.getCommandSpec().root().userObject() instanceof Opsnotify root && root.stacktrace;
        int code;
        if (ex instanceof CloudException cloud) {
            err.println("opsnotify: " + cloud.getMessage()); // already one escaped line
            code = ExitCodes.UNKNOWN;
        } else if (AwsErrors.describeIfSdk(ex).isPresent()) { // an SDK failure no adapter translated
            err.println("opsnotify: " + AwsErrors.describeIfSdk(ex).get());
            code = ExitCodes.UNKNOWN;
        } else if (ex instanceof ConfigException config) {
            // one line per problem, each value in it escaped: a newline in a value or file name stays on its line
            err.println("opsnotify: " + SafeText.line(config.source() + ": " + config.problems().size()
                    + (config.problems().size() == 1 ? " configuration problem" : " configuration problems")));
            config.problems().forEach(p -> err.println("  " + SafeText.line(p.toString())));
            code = ExitCodes.CRITICAL;
        } else if (ex instanceof InvalidAwsInputException || ex instanceof InputSource.TooLargeException
                || ex instanceof InputSource.UnreadableException || ex instanceof DeployPlanner.NotOwnedException) {
            err.println("opsnotify: " + SafeText.line(String.valueOf(ex.getMessage())));
            code = ExitCodes.CRITICAL;
        } else {
            err.println("opsnotify: " + SafeText.line(ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage()));
            if (!trace) {
                err.println("(run again with --stacktrace for details)");
            }
            code = ExitCodes.UNKNOWN;
        }
        if (trace) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
