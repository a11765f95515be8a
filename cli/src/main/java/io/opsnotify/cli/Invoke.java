package io.opsnotify.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opsnotify.input.InputSource;
import io.opsnotify.local.LocalInvocation;
import io.opsnotify.notifier.EventResult;
import io.opsnotify.notifier.Outcome;
import io.opsnotify.notifier.config.ConfigLoader;
import io.opsnotify.notifier.config.NotifierConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opsnotify invoke}: one event through the Lambda's code path, on this machine. */
@Command(name = "invoke",
        description = {"Run one event through the notifier exactly as the Lambda does: parse, SELECT from the "
                + "replica, render, post to Slack.",
            "With --dry-run the Slack JSON payload is printed instead of posted."},
        footerHeading = "%nExamples:%n",
        footer = {"  opsnotify invoke --type order.created --id 42 --dry-run",
            "  opsnotify invoke --event-file sns-event.json --webhook https://hooks.slack.com/services/...",
            "",
            "Notifier log lines (one JSON line per event) go to stderr."},
        mixinStandardHelpOptions = true)
final class Invoke extends CliCommand {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = ConfigLoader.DEFAULT_FILE,
            description = "Config file (default: ${DEFAULT-VALUE}).")
    Path config;

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @ArgGroup(exclusive = false)
        TypeAndId typeAndId;

        @Option(names = "--event-file", paramLabel = "FILE", required = true,
                description = "An SNS event JSON file (as Lambda receives it) or a bare {\"type\":...,\"id\":...}.")
        Path eventFile;
    }

    static final class TypeAndId {
        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "Event type, e.g. order.created.")
        String type;

        @Option(names = "--id", required = true, paramLabel = "ID", description = "The record's id.")
        String id;
    }

    @Option(names = "--dry-run", description = "Print the Slack payload on stdout instead of posting it.")
    boolean dryRun;

    @Option(names = "--webhook", paramLabel = "URL",
            description = "Post to this webhook instead of the configured ones (never printed).")
    String webhook;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "30000",
            description = "Time budget for the whole invocation, like the Lambda timeout (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    Invoke(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = out();
        PrintWriter err = spec.commandLine().getErr();
        if (webhook != null) {
            String problem = ConfigLoader.webhookProblem(webhook);
            if (problem != null) {
                throw usage("--webhook " + problem + " (value not shown: it is a secret)");
            }
        }
        if (timeoutMs < 1000) {
            throw usage("--timeout-ms must be at least 1000");
        }
        LocalInvocation local = new LocalInvocation(context.env(), json);
        NotifierConfig cfg = local.config(config, dryRun, webhook);
        byte[] input;
        if (source.eventFile != null) {
            try {
                input = InputSource.of(source.eventFile).readBytes("--event-file", InputSource.EVENT_MAX_BYTES);
            } catch (InputSource.TooLargeException e) {
                throw usage(e.getMessage() + " (an SNS message is at most 256 KB)");
            }
        } else {
            input = local.message(source.typeAndId.type, source.typeAndId.id);
        }
        List<EventResult> results = local.run(cfg, input, dryRun, timeoutMs, line -> {
            err.println(line);
            err.flush();
        });
        if (output.json()) {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(results)));
        } else {
            for (EventResult r : results) {
                printText(r, out, err);
            }
        }
        return exitCode(results);
    }

    private void printText(EventResult r, PrintWriter out, PrintWriter err) throws IOException {
        String what = r.type() == null ? "event" : r.type() + " id " + r.id();
        switch (r.outcome()) {
            case DRY_RUN -> out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(r.payload())));
            case DELIVERED -> out.println("delivered " + what + " in " + r.attempts()
                    + (r.attempts() == 1 ? " attempt" : " attempts") + " (" + r.latencyMs() + " ms)");
            case DUPLICATE -> out.println("duplicate " + what + ": MessageId " + r.messageId() + " was already delivered");
            case FAILED -> err.println("opsnotify: " + what + " not delivered: " + r.error());
        }
        if (!r.notes().isEmpty()) {
            err.println("note: message truncated to fit Slack's limits: " + String.join("; ", r.notes()));
        }
    }

    private ArrayNode toJson(List<EventResult> results) throws IOException {
        ArrayNode arr = json.createArrayNode();
        for (EventResult r : results) {
            ObjectNode o = arr.addObject().setAll((ObjectNode) json.valueToTree(r.writeTo(new LinkedHashMap<>())));
            if (r.payload() != null && r.outcome() == Outcome.DRY_RUN) {
                o.set("payload", json.readTree(r.payload()));
            }
        }
        return arr;
    }

    /** Invalid input (the event, the template) exits 2; a failing database or Slack exits 3. */
    static int exitCode(List<EventResult> results) {
        int code = ExitCodes.OK;
        for (EventResult r : results) {
            if (r.outcome() != Outcome.FAILED) {
                continue;
            }
            int c = switch (r.failure()) {
                case REJECTED, TEMPLATE -> ExitCodes.CRITICAL;
                case ROW_NOT_FOUND, DATABASE, SLACK, INTERNAL -> ExitCodes.UNKNOWN;
            };
            code = Math.max(code, c);
        }
        return code;
    }
}
