package io.opsnotify.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
public final class Opsnotify implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the full stack trace of an error.")
    boolean stacktrace;

    public Opsnotify(CliContext context) {
        // the root command itself needs nothing from the context; subcommands get it from the factory
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(System.getenv(), out, err, args));
    }

    /** Runs one command line; main and the tests both come through here. */
    public static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        return run(CliContext.system(env), out, err, args);
    }

    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        int code = commandLine(context, out, err).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Opsnotify(context), new Factory(context));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setExitCodeExceptionMapper(e -> ExitCodes.CRITICAL);
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.CRITICAL);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        applyExitCodeHelp(cl);
        return cl;
    }

    /** The same "Exit codes:" section in every command's --help. */
    private static void applyExitCodeHelp(CommandLine cl) {
        Map<String, String> codes = new java.util.LinkedHashMap<>();
        for (String line : ExitCodes.HELP) {
            String[] kv = line.split(":", 2);
            codes.put(kv[0], kv[1]);
        }
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        cl.getSubcommands().values().forEach(Opsnotify::applyExitCodeHelp);
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
