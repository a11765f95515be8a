package io.opsnotify.testevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsnotify.cloud.CloudException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventPublisher} must do: run against the in-memory fake
 * ({@link InMemoryEventPublisherTest}) and the SNS adapter on the wire emulator
 * ({@link SnsEventPublisherIT}).
 */
abstract class EventPublisherContract {
    abstract EventPublisher publisher();

    /** Makes a topic exist; returns its ARN. */
    abstract String givenTopic(String name);

    /** What reached the topic: the message, its type attribute, its id. */
    abstract List<InMemoryEventPublisher.Message> published();

    @Test
    void findTopic_shouldFindByName_andBeEmptyOtherwise() {
        String arn = givenTopic("opsnotify-events");

        assertThat(publisher().findTopic("opsnotify-events")).contains(arn);
        assertThat(publisher().findTopic("events")).isEmpty();
    }

    @Test
    void publish_shouldSendTheMessageWithTheTypeAttribute_andReturnItsId() {
        String arn = givenTopic("opsnotify-events");

        String first = publisher().publish(arn, "order.created", "{\"type\":\"order.created\",\"id\":42}");
        String second = publisher().publish(arn, "order.created", "{\"type\":\"order.created\",\"id\":43}");

        assertThat(first).isNotBlank().isNotEqualTo(second);
        assertThat(published()).containsExactly(
                new InMemoryEventPublisher.Message(arn, "order.created", "{\"type\":\"order.created\",\"id\":42}", first),
                new InMemoryEventPublisher.Message(arn, "order.created", "{\"type\":\"order.created\",\"id\":43}", second));
    }

    @Test
    void publish_shouldBeNotFound_whenTheTopicDoesNotExist() {
        assertThatThrownBy(() -> publisher().publish("arn:aws:sns:ap-northeast-1:123456789012:nope", "t", "{}"))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND))
                .hasMessageStartingWith("AWS error NotFound");
    }
}
