package io.opsnotify.testevent;

import io.opsnotify.cloud.CloudException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link EventPublisher} in memory, as SNS behaves: each message gets a new id, a topic that does
 * not exist is NOT_FOUND ({@code NotFound}). Records what was published.
 */
final class InMemoryEventPublisher implements EventPublisher {
    static final String ARN_PREFIX = "arn:aws:sns:ap-northeast-1:123456789012:";

    record Message(String topicArn, String type, String body, String messageId) {
    }

    private final Map<String, String> topics = new LinkedHashMap<>();
    final List<Message> published = new ArrayList<>();

    /** A topic that exists; returns its ARN. */
    String topic(String name) {
        topics.put(ARN_PREFIX + name, name);
        return ARN_PREFIX + name;
    }

    @Override
    public Optional<String> findTopic(String name) {
        return topics.keySet().stream().filter(arn -> arn.endsWith(":" + name)).findFirst();
    }

    @Override
    public String publish(String topicArn, String type, String message) {
        if (!topics.containsKey(topicArn)) {
            throw new CloudException(CloudException.Kind.NOT_FOUND, "NotFound", "AWS error NotFound (Sns): Topic does not exist",
                    null);
        }
        String id = UUID.randomUUID().toString();
        published.add(new Message(topicArn, type, message, id));
        return id;
    }
}
