package io.opsnotify.testevent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.local.AppMessage;
import io.opsnotify.notifier.config.YamlWalk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Publishes an application event to the notifier's topic, exactly as the application would:
 * {@code {"type":...,"id":...}} with the {@code type} message attribute.
 */
public final class TestEventPublisher {

    private final EventPublisher publisher;
    private final ObjectMapper json;

    public TestEventPublisher(EventPublisher publisher, ObjectMapper json) {
        this.publisher = publisher;
        this.json = json;
    }

    /** The topic and event types a config file names (deploy.topicArn / deploy.topicName, events). */
    public record ConfigTarget(String topicArn, String topicName, List<String> eventTypes) {
    }

    public record Published(String messageId, String topicArn, String type, String message) {
    }

    /** The message an event file holds, and its event type (null when the file names none). */
    public record EventFile(String type, String message) {
    }

    public static ConfigTarget readConfig(String yamlText, String source) {
        MappingNode top = YamlWalk.compose(yamlText, source);
        String arn = null;
        String name = null;
        List<String> types = new ArrayList<>();
        for (NodeTuple t : top.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
            if (key.equals("deploy") && t.getValueNode() instanceof MappingNode d) {
                for (NodeTuple dt : d.getValue()) {
                    String k = dt.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
                    String v = dt.getValueNode() instanceof ScalarNode s ? s.getValue() : null;
                    if (k.equals("topicArn")) {
                        arn = v;
                    } else if (k.equals("topicName")) {
                        name = v;
                    }
                }
            } else if (key.equals("events") && t.getValueNode() instanceof MappingNode ev) {
                ev.getValue().forEach(et -> types.add(((ScalarNode) et.getKeyNode()).getValue()));
            }
        }
        return new ConfigTarget(arn, name, types);
    }

    /** The ARN of a topic by name (ListTopics); empty when there is none. */
    public Optional<String> findTopic(String name) {
        return publisher.findTopic(name);
    }

    /** {@code {"type":...,"id":...}}; an all-digit id is sent as a number. */
    public String message(String type, String id) {
        return AppMessage.json(json, type, id);
    }

    /**
     * The message in an event file: an SNS event as Lambda receives it (its first record's Message
     * and type attribute) or the bare application message.
     */
    public EventFile fromFile(byte[] content) throws IOException {
        JsonNode root = json.readTree(content);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the event file must hold a JSON object");
        }
        JsonNode sns = root.path("Records").path(0).path("Sns");
        if (sns.isObject()) {
            String type = sns.path("MessageAttributes").path("type").path("Value").asText(null);
            String message = sns.path("Message").asText(null);
            if (message == null) {
                throw new IllegalArgumentException("the event file's Records[0].Sns has no Message");
            }
            JsonNode inner = json.readTree(message);
            return new EventFile(type != null ? type : inner.path("type").asText(null), message);
        }
        return new EventFile(root.path("type").asText(null), root.toString());
    }

    public Published publish(String topicArn, String type, String message) {
        return new Published(publisher.publish(topicArn, type, message), topicArn, type, message);
    }
}
