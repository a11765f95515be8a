package io.opsnotify.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SNS topics deploy reads and changes, in deploy's words. The SDK adapter is
 * {@code io.opsnotify.aws.SnsTopics}; tests use an in-memory one. Every failed call is a
 * {@link io.opsnotify.cloud.CloudException}.
 */
public interface Topics {

    /** Who receives a topic's messages: a protocol ({@code lambda}) and an endpoint (the function's ARN). */
    record Subscription(String protocol, String endpoint) {
    }

    /** The ARN of the topic with this name in the account and region, or empty. */
    Optional<String> findByName(String name);

    /**
     * Returns when the topic exists; a topic that does not is a {@code CloudException} of kind
     * NOT_FOUND with AWS's error code, as for a missing subnet: deploy stops there.
     */
    void requireExisting(String topicArn);

    /** Creates the topic with these tags and returns its ARN. */
    String create(String name, Map<String, String> tags);

    /** Every subscription of the topic, all pages. */
    List<Subscription> subscriptions(String topicArn);

    void subscribe(String topicArn, Subscription subscription);
}
