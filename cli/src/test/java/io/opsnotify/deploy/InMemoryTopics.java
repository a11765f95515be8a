package io.opsnotify.deploy;

import io.opsnotify.cloud.CloudException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Topics} in memory, as SNS behaves: CreateTopic of an existing name returns its ARN
 * (refused when the tags differ), a second identical subscription is the same subscription, a
 * topic that does not exist is NOT_FOUND ({@code NotFound}). Every mutating call is appended to
 * {@code log} as {@code sns:Action}; {@link #faults} answers injected errors.
 */
final class InMemoryTopics implements Topics {
    static final String ARN_PREFIX = "arn:aws:sns:ap-northeast-1:123456789012:";

    private record Topic(String arn, Map<String, String> tags, List<Subscription> subscriptions) {
    }

    final CloudFaults faults = new CloudFaults();
    private final Map<String, Topic> topics = new LinkedHashMap<>();
    private final List<String> log;

    InMemoryTopics(List<String> log) {
        this.log = log;
    }

    InMemoryTopics() {
        this(new ArrayList<>());
    }

    /** A topic someone else made (not through the port, nothing logged); returns its ARN. */
    synchronized String given(String name) {
        String arn = ARN_PREFIX + name;
        topics.putIfAbsent(arn, new Topic(arn, Map.of(), new ArrayList<>()));
        return arn;
    }

    synchronized Map<String, String> tags(String arn) {
        return require(arn).tags();
    }

    @Override
    public synchronized Optional<String> findByName(String name) {
        faults.check("ListTopics");
        return topics.keySet().stream().filter(arn -> arn.endsWith(":" + name)).findFirst();
    }

    @Override
    public synchronized void requireExisting(String topicArn) {
        faults.check("GetTopicAttributes");
        require(topicArn);
    }

    @Override
    public synchronized String create(String name, Map<String, String> tags) {
        log.add("sns:CreateTopic");
        faults.check("CreateTopic");
        String arn = ARN_PREFIX + name;
        Topic existing = topics.get(arn);
        if (existing != null && !tags.isEmpty() && !tags.equals(existing.tags())) {
            throw CloudFaults.aws(CloudException.Kind.INVALID_REQUEST, "InvalidParameter", "Sns",
                    "Invalid parameter: Tags Reason: Topic already exists with different tags");
        }
        topics.putIfAbsent(arn, new Topic(arn, Map.copyOf(tags), new ArrayList<>()));
        return arn;
    }

    @Override
    public synchronized List<Subscription> subscriptions(String topicArn) {
        faults.check("ListSubscriptionsByTopic");
        return List.copyOf(require(topicArn).subscriptions());
    }

    @Override
    public synchronized void subscribe(String topicArn, Subscription subscription) {
        log.add("sns:Subscribe");
        faults.check("Subscribe");
        List<Subscription> subs = require(topicArn).subscriptions();
        if (!subs.contains(subscription)) {
            subs.add(subscription);
        }
    }

    private Topic require(String arn) {
        Topic t = topics.get(arn);
        if (t == null) {
            throw CloudFaults.aws(CloudException.Kind.NOT_FOUND, "NotFound", "Sns", "Topic does not exist");
        }
        return t;
    }
}
