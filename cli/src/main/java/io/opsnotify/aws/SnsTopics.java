package io.opsnotify.aws;

import io.opsnotify.deploy.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Tag;

/**
 * {@link Topics} on Amazon SNS. Listing topics and subscriptions follows every page. Every
 * failure is a {@link io.opsnotify.cloud.CloudException} ({@link AwsErrors}).
 */
public final class SnsTopics implements Topics {
    private final SnsClient sns;

    public SnsTopics(AwsClients aws) {
        this.sns = aws.sns();
    }

    @Override
    public Optional<String> findByName(String name) {
        return findByName(sns, name);
    }

    /** The ARN of the topic with this name in the client's region (ListTopics, every page), or empty. */
    static Optional<String> findByName(SnsClient sns, String name) {
        return AwsErrors.call(() -> sns.listTopicsPaginator(r -> { }).topics().stream()
                .map(t -> t.topicArn()).filter(arn -> arn.endsWith(":" + name)).findFirst());
    }

    @Override
    public void requireExisting(String topicArn) {
        AwsErrors.run(() -> sns.getTopicAttributes(r -> r.topicArn(topicArn)));
    }

    @Override
    public String create(String name, Map<String, String> tags) {
        List<Tag> snsTags = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        return AwsErrors.call(() -> sns.createTopic(b -> b.name(name).tags(snsTags))).topicArn();
    }

    @Override
    public List<Subscription> subscriptions(String topicArn) {
        return AwsErrors.call(() -> sns.listSubscriptionsByTopicPaginator(r -> r.topicArn(topicArn)).subscriptions().stream()
                .map(s -> new Subscription(s.protocol(), s.endpoint())).toList());
    }

    @Override
    public void subscribe(String topicArn, Subscription s) {
        AwsErrors.run(() -> sns.subscribe(b -> b.topicArn(topicArn).protocol(s.protocol()).endpoint(s.endpoint())));
    }
}
