package io.opsnotify.cli;

import io.opsnotify.input.InputSource;
import io.opsnotify.notifier.base.SafeText;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code opsnotify} command. */
@Command(name = "opsnotify",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Slack notifications for operations teams on AWS, without touching the application.",
        subcommands = {Invoke.class, Demo.class, Deploy.class, TestEvent.class, SyncCfRoutes.class, CheckSubnets.class,
            CheckDns.class, ValidateS3Endpoint.class, Completion.class, CommandLine.HelpCommand.class},
        footerHeading = "%nSee also:%n",
        footer = "  opsnotify demo      # what a notification looks like, with nothing installed")
public final class Opsnotify implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the full stack trace of an error.")
    boolean stacktrace;

    public Opsnotify(CliContext context) {
        // the root command itself needs nothing from the context; subcommands get it from the factory
    }

    /** Bare {@code opsnotify}: no command given is a usage error; the command list goes to stderr. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.CRITICAL;
    }

    public static void main(String[] args) {
        // an Error in any other thread (an SDK or HTTP thread running out of memory) is UNKNOWN too,
        // never the JVM's default exit code 1 (WARNING)
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof VirtualMachineError) {
                Runtime.getRuntime().halt(ExitCodes.UNKNOWN);
            }
        });
        int code;
        try {
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
            code = run(System.getenv(), out, err, args);
        } catch (Throwable e) { // nothing may leave main: the JVM would exit 1
            code = ExitCodes.UNKNOWN;
        }
        System.exit(code);
    }

    /** Runs one command line; main and the tests both come through here. */
    public static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        return run(CliContext.system(env), out, err, args);
    }

    /**
     * Every character printed goes through {@link TerminalSafeWriter}; an Error (out of memory,
     * stack overflow) that escapes the command exits 3 with one line; so does output that could
     * not be written (stdout closed or on a full disk: {@code PrintWriter} only records that).
     */
    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        PrintWriter safeOut = new PrintWriter(new TerminalSafeWriter(out), true);
        PrintWriter safeErr = new PrintWriter(new TerminalSafeWriter(err), true);
        int code;
        try {
            code = commandLine(context, safeOut, safeErr).execute(args);
        } catch (Throwable e) {
            code = unexpected(e, safeErr, args);
        }
        safeOut.flush();
        safeErr.flush();
        if (out.checkError()) {
            safeErr.println("opsnotify: could not write the output (standard output closed or its disk full)");
            safeErr.flush();
            code = ExitCodes.UNKNOWN;
        }
        err.flush();
        return code;
    }

    private static int unexpected(Throwable e, PrintWriter err, String... args) {
        try {
            String what = e instanceof OutOfMemoryError ? "out of memory (" + e.getMessage()
                    + "); give the JVM more with JAVA_OPTS=-Xmx..., or a smaller input"
                    : "unexpected error: " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            err.println("opsnotify: " + SafeText.line(what));
            if (Arrays.asList(args).contains("--stacktrace")) {
                e.printStackTrace(err);
            }
            err.flush();
        } catch (Throwable ignored) { // still no memory: the exit code says it
        }
        return ExitCodes.UNKNOWN;
    }

    public static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Opsnotify(context), new Factory(context));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setExitCodeExceptionMapper(e -> ExitCodes.CRITICAL);
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.CRITICAL);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(UsageErrors::handle);
        // every file option: PATH, file://PATH, or - for standard input, as the AWS CLI takes them
        cl.registerConverter(InputSource.class, new InputSourceConverters.SourceConverter());
        cl.registerConverter(Path.class, new InputSourceConverters.PathConverter());
        // help is plain text: colour codes would only be escaped by TerminalSafeWriter
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        applyHelpSections(cl);
        return cl;
    }

    /**
     * In every command's --help: the same "Exit codes:" section, and the examples (the footer)
     * printed as written: picocli would wrap a long example inside a URL or an ARN, and a wrapped
     * example cannot be copied.
     */
    private static void applyHelpSections(CommandLine cl) {
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> {
            StringBuilder sb = new StringBuilder();
            for (String line : help.commandSpec().usageMessage().footer()) {
                sb.append(line).append(System.lineSeparator());
            }
            return sb.toString();
        });

        Map<String, String> codes = new LinkedHashMap<>();
        for (String line : ExitCodes.HELP) {
            String[] kv = line.split(":", 2);
            codes.put(kv[0], kv[1]);
        }
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        cl.getSubcommands().values().forEach(Opsnotify::applyHelpSections);
    }

    /** Gives every subcommand the same context (tests pass their own). */
    private static final class Factory implements CommandLine.IFactory {
        private final CliContext context;

        Factory(CliContext context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(CliContext.class).newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
