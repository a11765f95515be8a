package io.opsnotify.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsnotify.cloud.CloudException;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Topics} must do: run against the in-memory fake ({@link InMemoryTopicsTest})
 * and against the SNS adapter on the wire emulator ({@link SnsTopicsIT}).
 */
abstract class TopicsContract {
    static final Map<String, String> TAGS = Map.of("opsnotify:managed", "true");
    static final String FUNCTION = "arn:aws:lambda:ap-northeast-1:123456789012:function:opsnotify-notifier";

    /** The implementation under test, empty: no topic exists. */
    abstract Topics topics();

    @Test
    void findByName_shouldBeEmpty_whenThereIsNoSuchTopic() {
        topics().create("opsnotify-events", TAGS);

        assertThat(topics().findByName("events")).as("a suffix of another name").isEmpty();
        assertThat(topics().findByName("other")).isEmpty();
    }

    @Test
    void create_shouldReturnTheArn_thatFindByNameFinds() {
        String arn = topics().create("opsnotify-events", TAGS);

        assertThat(arn).startsWith("arn:aws:sns:").endsWith(":opsnotify-events");
        assertThat(topics().findByName("opsnotify-events")).contains(arn);
    }

    @Test
    void findByName_shouldLookBeyondTheFirstPage() {
        IntStream.range(0, 104).forEach(i -> topics().create("t-" + i, Map.of()));

        assertThat(topics().findByName("t-103")).hasValueSatisfying(arn -> assertThat(arn).endsWith(":t-103"));
    }

    @Test
    void create_shouldReturnTheSameArn_whenTheTopicExistsWithTheSameTags() {
        String first = topics().create("opsnotify-events", TAGS);

        assertThat(topics().create("opsnotify-events", TAGS)).isEqualTo(first);
    }

    @Test
    void requireExisting_shouldPassForATopic_andBeNotFoundOtherwise() {
        String arn = topics().create("opsnotify-events", TAGS);

        topics().requireExisting(arn);
        assertThatThrownBy(() -> topics().requireExisting(arn + "-nope")).isInstanceOfSatisfying(CloudException.class,
                e -> assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND)).hasMessageStartingWith("AWS error NotFound");
    }

    @Test
    void subscriptions_shouldListWhatWasSubscribed_once() {
        String arn = topics().create("opsnotify-events", TAGS);
        assertThat(topics().subscriptions(arn)).isEmpty();

        topics().subscribe(arn, new Topics.Subscription("lambda", FUNCTION));
        topics().subscribe(arn, new Topics.Subscription("lambda", FUNCTION));

        assertThat(topics().subscriptions(arn)).containsExactly(new Topics.Subscription("lambda", FUNCTION));
    }

    @Test
    void subscriptions_shouldListEveryPage() {
        String arn = topics().create("opsnotify-events", TAGS);
        IntStream.range(0, 103).forEach(i -> topics().subscribe(arn, new Topics.Subscription("lambda", FUNCTION + i)));

        assertThat(topics().subscriptions(arn)).hasSize(103).contains(new Topics.Subscription("lambda", FUNCTION + 102));
    }

    @Test
    void subscriptionsAndSubscribe_shouldBeNotFound_forATopicThatDoesNotExist() {
        String missing = "arn:aws:sns:ap-northeast-1:123456789012:nope";

        assertThatThrownBy(() -> topics().subscriptions(missing)).isInstanceOfSatisfying(CloudException.class,
                e -> assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> topics().subscribe(missing, new Topics.Subscription("lambda", FUNCTION)))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND));
    }
}
