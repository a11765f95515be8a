package io.opsnotify.testevent;

import java.util.Optional;

/**
 * Where test-event publishes, in its own words. The SDK adapter is
 * {@code io.opsnotify.aws.SnsEventPublisher}; tests use an in-memory one. Every failed call is a
 * {@link io.opsnotify.cloud.CloudException} (a topic ARN that does not exist: kind NOT_FOUND).
 */
public interface EventPublisher {

    /** The ARN of the topic with this name in the account and region, or empty. */
    Optional<String> findTopic(String name);

    /**
     * Publishes the message to the topic with the {@code type} message attribute (a String), as
     * the application does, and returns the message id the topic gave it.
     */
    String publish(String topicArn, String type, String message);
}
