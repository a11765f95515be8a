package io.opsnotify.testevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.cloud.CloudException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** test-event's domain on the in-memory publisher: what it reads from files and what it publishes. */
class TestEventPublisherTest {
    final InMemoryEventPublisher sns = new InMemoryEventPublisher();
    final TestEventPublisher publisher = new TestEventPublisher(sns, new ObjectMapper());

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readConfig_shouldTakeTheTopicAndEventTypesFromTheConfig() {
        TestEventPublisher.ConfigTarget t = TestEventPublisher.readConfig("""
                events:
                  order.created: {query: "SELECT 1", text: "x"}
                  order.paid: {query: "SELECT 1", text: "y"}
                deploy:
                  topicName: opsnotify-events
                """, "opsnotify.yaml");

        assertThat(t.topicName()).isEqualTo("opsnotify-events");
        assertThat(t.topicArn()).isNull();
        assertThat(t.eventTypes()).containsExactly("order.created", "order.paid");
    }

    @Test
    void message_shouldSendAWholeNumberAsANumber_andAnythingElseAsText() {
        assertThat(publisher.message("order.created", "42")).isEqualTo("{\"type\":\"order.created\",\"id\":42}");
        assertThat(publisher.message("order.created", "042")).isEqualTo("{\"type\":\"order.created\",\"id\":\"042\"}");
        assertThat(publisher.message("user.signup", "u-7")).isEqualTo("{\"type\":\"user.signup\",\"id\":\"u-7\"}");
    }

    @Test
    void fromFile_shouldTakeMessageAndTypeAttribute_fromAnSnsEvent() throws IOException {
        TestEventPublisher.EventFile f = publisher.fromFile(bytes("""
                {"Records":[{"Sns":{"Message":"{\\"type\\":\\"order.created\\",\\"id\\":42}",
                  "MessageAttributes":{"type":{"Type":"String","Value":"order.paid"}}}}]}
                """));

        assertThat(f).isEqualTo(new TestEventPublisher.EventFile("order.paid", "{\"type\":\"order.created\",\"id\":42}"));
    }

    @Test
    void fromFile_shouldTakeTheTypeFromTheMessage_whenTheSnsEventHasNoTypeAttribute() throws IOException {
        TestEventPublisher.EventFile f = publisher.fromFile(bytes("""
                {"Records":[{"Sns":{"Message":"{\\"type\\":\\"order.created\\",\\"id\\":42}"}}]}
                """));

        assertThat(f.type()).isEqualTo("order.created");
    }

    @Test
    void fromFile_shouldTakeABareMessageAsItIs() throws IOException {
        assertThat(publisher.fromFile(bytes("{\"type\": \"order.created\", \"id\": 42}")))
                .isEqualTo(new TestEventPublisher.EventFile("order.created", "{\"type\":\"order.created\",\"id\":42}"));
        assertThat(publisher.fromFile(bytes("{\"id\": 42}")).type()).isNull();
    }

    @Test
    void fromFile_shouldRefuseWhatIsNotAnEvent() {
        assertThatThrownBy(() -> publisher.fromFile(bytes("[1]"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the event file must hold a JSON object");
        assertThatThrownBy(() -> publisher.fromFile(bytes("{\"Records\":[{\"Sns\":{}}]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no Message");
    }

    @Test
    void publish_shouldSendToTheTopicWithTheTypeAttribute_andGiveTheMessageId() {
        String arn = sns.topic("opsnotify-events");

        TestEventPublisher.Published p = publisher.publish(publisher.findTopic("opsnotify-events").orElseThrow(),
                "order.created", publisher.message("order.created", "42"));

        assertThat(sns.published).containsExactly(new InMemoryEventPublisher.Message(arn, "order.created",
                "{\"type\":\"order.created\",\"id\":42}", p.messageId()));
        assertThat(p.topicArn()).isEqualTo(arn);
    }

    @Test
    void publish_shouldFailWithTheAwsError_whenTheTopicDoesNotExist() {
        assertThatThrownBy(() -> publisher.publish("arn:aws:sns:ap-northeast-1:123456789012:nope", "t", "{}"))
                .isInstanceOf(CloudException.class).hasMessageStartingWith("AWS error NotFound");
        assertThat(sns.published).isEmpty();
        assertThat(publisher.findTopic("nope")).isEmpty();
    }
}
