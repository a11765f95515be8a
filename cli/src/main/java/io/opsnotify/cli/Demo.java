package io.opsnotify.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opsnotify.demo.DemoRun;
import io.opsnotify.demo.SlackPreview;
import io.opsnotify.notifier.EventResult;
import io.opsnotify.notifier.Outcome;
import io.opsnotify.notifier.config.ConfigLoader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opsnotify demo}: sample events through the real notifier, nothing to install. */
@Command(name = "demo",
        description = {"Show what opsnotify does, with nothing installed: an embedded database with sample rows "
                + "(some hostile, some Japanese), sample SNS events through the notifier's real code path, and "
                + "the messages Slack would show.",
            "The demo's config is the one in the README; --webhook posts to a real Slack channel instead."},
        footerHeading = "%nExamples:%n",
        footer = {"  opsnotify demo",
            "  opsnotify demo --webhook \"$SLACK_WEBHOOK_URL\"     # see it in Slack"},
        mixinStandardHelpOptions = true)
final class Demo extends CliCommand {
    @Option(names = "--webhook", paramLabel = "URL",
            description = "Post to this Slack webhook instead of the local receiver (never printed).")
    String webhook;

    @Option(names = "--payload", description = "Also print each JSON payload as posted.")
    boolean payload;

    @Option(names = {"-v", "--verbose"}, description = "Also print the notifier's JSON log lines (stderr).")
    boolean verbose;

    Demo(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = spec.commandLine().getErr();
        if (webhook != null && ConfigLoader.webhookProblem(webhook) != null) {
            throw usage("--webhook " + ConfigLoader.webhookProblem(webhook)
                    + " (value not shown: it is a secret)");
        }
        List<String> logs = new ArrayList<>();
        DemoRun.Outcome o = new DemoRun(json).run(webhook, line -> {
            logs.add(line);
            if (verbose) {
                err.println(line);
            }
        });
        boolean deliveredAll = o.steps().stream().limit(4).allMatch(s -> s.result().outcome() != Outcome.FAILED);
        if (output.json()) {
            ObjectNode root = json.createObjectNode();
            root.put("database", o.database()).put("webhook", o.webhook());
            ArrayNode steps = root.putArray("events");
            for (DemoRun.Step s : o.steps()) {
                EventResult r = s.result();
                ObjectNode n = steps.addObject().put("label", s.label()).put("type", r.type()).put("id", r.id())
                        .put("messageId", r.messageId()).put("outcome", r.outcome().label())
                        .put("attempts", r.attempts()).put("error", r.error());
                if (r.payload() != null) {
                    n.set("payload", json.readTree(r.payload()));
                }
            }
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            return deliveredAll ? ExitCodes.OK : ExitCodes.UNKNOWN;
        }
        out.println("opsnotify demo: database " + o.database() + "; Slack: " + o.webhook());
        int n = 0;
        for (DemoRun.Step s : o.steps()) {
            EventResult r = s.result();
            n++;
            out.println();
            out.println(n + ". " + s.label() + ": " + r.type() + " id " + r.id() + " (MessageId " + r.messageId() + ")");
            switch (r.outcome()) {
                case DELIVERED -> {
                    out.println("   delivered in " + r.attempts() + (r.attempts() == 1 ? " attempt" : " attempts")
                            + ", " + r.latencyMs() + " ms. Slack shows:");
                    for (String line : SlackPreview.lines(json.readTree(r.payload()))) {
                        out.println("   │ " + line);
                    }
                    if (payload) {
                        out.println("   payload: " + r.payload());
                    }
                }
                case DUPLICATE -> out.println("   duplicate: this MessageId was already delivered, so it is not posted twice.");
                case FAILED -> out.println("   failed (" + r.failure().label() + "): " + r.error()
                        + "\n   In Lambda this invocation fails, so Lambda retries it and then hands it to the on-failure destination.");
                case DRY_RUN -> out.println("   (dry run)");
            }
        }
        out.println();
        if (!o.received().isEmpty()) {
            out.println("The local webhook received " + o.received().size() + " messages. Database values were escaped: "
                    + "\"<!channel>\" in a customer name reached Slack as text, not as a mention.");
        }
        out.println("Next: write your own opsnotify.yaml (see README) and try `opsnotify invoke --type order.created --id 42 --dry-run`.");
        return deliveredAll ? ExitCodes.OK : ExitCodes.UNKNOWN;
    }
}
