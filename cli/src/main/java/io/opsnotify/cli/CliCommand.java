package io.opsnotify.cli;

import java.io.IOException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.check.CheckReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The opening every opsnotify command shares: its picocli spec, {@code --output text|json}, the
 * {@link CliContext} (environment, confirmer), the JSON mapper for output, and the one place a
 * {@link CheckReport} becomes lines, a JSON document and an exit code. A command extends this
 * (or {@link AwsCommand}), declares its own options and implements {@link #call()}.
 *
 * <p>Invalid input a command finds after parsing is thrown as picocli's
 * {@link ParameterException} ({@link #usage}), printed like any other usage error: one line,
 * then {@code see 'opsnotify X --help'}, exit 2.
 */
abstract class CliCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    /** The environment and the confirmer. */
    protected final CliContext context;

    /** Jackson for {@code --output json}, with the terminal-safe escapes. */
    protected final ObjectMapper json = OutputOptions.jsonMapper();

    protected CliCommand(CliContext context) {
        this.context = context;
    }

    /** Standard output, through the terminal-safe writer picocli was given. */
    protected final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** A usage error for this command: throw it. */
    protected final ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Prints the report as text lines or as one JSON document and returns its exit code. */
    protected final int print(CheckReport report) throws IOException {
        PrintWriter out = out();
        if (output.json()) {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(report.json(json)));
        } else {
            report.textLines().forEach(out::println);
        }
        out.flush();
        return report.status().exitCode();
    }
}
