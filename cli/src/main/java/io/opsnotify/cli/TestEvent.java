package io.opsnotify.cli;

import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.SnsEventPublisher;
import io.opsnotify.input.InputSource;
import io.opsnotify.notifier.config.ConfigLoader;
import io.opsnotify.testevent.TestEventPublisher;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opsnotify test-event}: publish an application event to the notifier's topic. */
@Command(name = "test-event",
        description = {"Publish {\"type\":...,\"id\":...} (with the 'type' message attribute) to the notifier's SNS "
                + "topic, as the application would, and print the MessageId.",
            "The topic comes from --topic-arn, or from the config's deploy section."},
        footerHeading = "%nExamples:%n",
        footer = {"  opsnotify test-event --id 42 --type order.created",
            "  opsnotify test-event --topic-arn arn:aws:sns:ap-northeast-1:123456789012:opsnotify-events --type order.created --id 42",
            "  opsnotify test-event --event-file sns-event.json"},
        mixinStandardHelpOptions = true)
final class TestEvent extends AwsCommand {
    @Option(names = "--id", paramLabel = "ID", description = "The record's id.")
    String id;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Event type (default: the config's only event type, or the event file's).")
    String type;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = ConfigLoader.DEFAULT_FILE,
            description = "Config file to take the topic and event types from (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--topic-arn", paramLabel = "ARN", description = "Publish to this topic instead of the config's.")
    String topicArn;

    @Option(names = "--event-file", paramLabel = "FILE",
            description = "Publish this message instead: a bare {\"type\":...,\"id\":...} or an SNS event JSON.")
    Path eventFile;

    TestEvent(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        if ((id == null) == (eventFile == null)) {
            throw usage("give --id (with --type) or --event-file");
        }
        TestEventPublisher.ConfigTarget target = null;
        if (topicArn == null || (type == null && eventFile == null)) {
            try {
                target = TestEventPublisher.readConfig(InputSource.configText("--config", config), config.toString());
            } catch (InputSource.UnreadableException e) {
                throw usage(e.getMessage() + (e.missing() ? " (give --topic-arn and --type, or --config FILE)" : ""));
            }
        }
        try (AwsClients aws = aws()) {
            TestEventPublisher publisher = new TestEventPublisher(new SnsEventPublisher(aws), json);
            String message;
            String eventType = type;
            if (eventFile != null) {
                TestEventPublisher.EventFile fromFile;
                try {
                    fromFile = publisher.fromFile(InputSource.of(eventFile).readBytes("--event-file", InputSource.EVENT_MAX_BYTES));
                } catch (InputSource.TooLargeException e) {
                    throw usage(e.getMessage() + " (an SNS message is at most 256 KB)");
                }
                eventType = eventType != null ? eventType : fromFile.type();
                message = fromFile.message();
                if (eventType == null) {
                    throw usage("the event file names no type: give --type");
                }
            } else {
                eventType = eventType != null ? eventType : onlyEventType(target);
                if (target != null && !target.eventTypes().isEmpty() && !target.eventTypes().contains(eventType)) {
                    spec.commandLine().getErr().println("warning: event type '" + eventType + "' is not in " + config
                            + " (" + String.join(", ", target.eventTypes()) + "): the notifier will reject it");
                }
                message = publisher.message(eventType, id);
            }
            String arn = topicArn != null ? topicArn : configuredTopic(target, publisher, aws.settings().describe());
            TestEventPublisher.Published p = publisher.publish(arn, eventType, message);
            if (output.json()) {
                out.println(json.writeValueAsString(json.createObjectNode().put("messageId", p.messageId())
                        .put("topicArn", p.topicArn())));
            } else {
                out.println("published " + p.message() + " (type " + p.type() + ") to " + p.topicArn());
                out.println("MessageId " + p.messageId());
            }
            return ExitCodes.OK;
        }
    }

    /** The config's event type when it has exactly one; else --type is needed. */
    private String onlyEventType(TestEventPublisher.ConfigTarget target) {
        if (target == null || target.eventTypes().size() != 1) {
            throw usage("give --type (the config has " + (target == null ? "no" : target.eventTypes().size())
                    + " event types" + (target == null ? "" : ": " + String.join(", ", target.eventTypes())) + ")");
        }
        return target.eventTypes().get(0);
    }

    /** deploy.topicArn, or the ARN of the topic deploy.topicName names. */
    private String configuredTopic(TestEventPublisher.ConfigTarget target, TestEventPublisher publisher, String where) {
        if (target.topicArn() != null) {
            return target.topicArn();
        }
        if (target.topicName() == null) {
            throw usage(config + " has no deploy.topicArn or deploy.topicName: give --topic-arn");
        }
        return publisher.findTopic(target.topicName()).orElseThrow(() -> usage("topic " + target.topicName()
                + " does not exist in " + where + ": run opsnotify deploy first"));
    }
}
