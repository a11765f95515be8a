package io.opsnotify.aws;

import io.opsnotify.testevent.EventPublisher;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** {@link EventPublisher} on Amazon SNS; every failure is a {@link io.opsnotify.cloud.CloudException}. */
public final class SnsEventPublisher implements EventPublisher {
    /** The message attribute the notifier reads the event type from. */
    static final String TYPE_ATTRIBUTE = "type";

    private final SnsClient sns;

    public SnsEventPublisher(AwsClients aws) {
        this.sns = aws.sns();
    }

    @Override
    public Optional<String> findTopic(String name) {
        return SnsTopics.findByName(sns, name);
    }

    @Override
    public String publish(String topicArn, String type, String message) {
        MessageAttributeValue typeValue = MessageAttributeValue.builder().dataType("String").stringValue(type).build();
        return AwsErrors.call(() -> sns.publish(r -> r.topicArn(topicArn).message(message)
                .messageAttributes(Map.of(TYPE_ATTRIBUTE, typeValue)))).messageId();
    }
}
