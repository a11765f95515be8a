package io.opsnotify.notifier;

import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.testkit.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.notifier.config.ConfigLoader;
import io.opsnotify.notifier.config.NotifierConfig;
import io.opsnotify.notifier.config.Redactor;
import io.opsnotify.notifier.db.RowSource;
import io.opsnotify.notifier.db.SqlQuery;
import io.opsnotify.notifier.event.EventId;
import io.opsnotify.notifier.event.NumericId;
import io.opsnotify.localwebhook.LocalWebhookReceiver;
import io.opsnotify.localwebhook.LocalWebhookReceiver.Reply;
import io.opsnotify.notifier.slack.WebhookClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole path event → row → message → Slack, with a fake replica and the real loopback receiver. */
class NotifierTest {
    /** A real SNS→Lambda event, carried in src/test/resources/fixtures/sns. */
    static final Path SNS_FIXTURE = Fixtures.path("fixtures/sns/order-created-42.json");
    static final String YAML = """
            database:
              url: jdbc:mariadb://replica.internal:3306/shop
              user: ops
              password: ${env:DB_PASSWORD}
              replicaLagWaitMs: 0
            slack:
              webhookUrl: ${env:SLACK_WEBHOOK_URL}
              maxAttempts: 2
            events:
              order.created:
                query: SELECT o.id, o.total, c.name AS customer FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = :id
                text: "New order #{{id}} by {{customer}}: {{total}}"
                blocks: |
                  [{"type":"section","text":{"type":"mrkdwn","text":"*Order {{id}}* — {{customer}}"}}]
            """;

    /** A replica as a map from id to row; records every fetch and the deadline it was given. */
    static final class FakeRows implements RowSource {
        final Map<EventId, Map<String, String>> rows = new HashMap<>();
        final List<EventId> fetched = new ArrayList<>();
        final List<Deadline> deadlines = new ArrayList<>();

        @Override
        public Optional<Map<String, String>> fetch(SqlQuery query, EventId id, Deadline deadline) {
            fetched.add(id);
            deadlines.add(deadline);
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public void close() {
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final StringBuilder logBytes = new StringBuilder();
    private final FakeRows rows = new FakeRows();
    private LocalWebhookReceiver slack;
    private Notifier notifier;

    @BeforeEach
    void setUp() throws IOException {
        slack = LocalWebhookReceiver.start();
        NotifierConfig config = new ConfigLoader(Map.of("DB_PASSWORD", "pw-secret-1", "SLACK_WEBHOOK_URL", slack.url()))
                .parse(YAML, "opsnotify.yaml", ConfigLoader.Options.STRICT);
        EventLog log = new EventLog(line -> logBytes.append(line).append('\n'),
                Clock.fixed(Instant.parse("2026-08-22T21:20:12Z"), ZoneOffset.UTC));
        notifier = new Notifier(config, rows, new WebhookClient(config.slack(), config.redactor()), log);
    }

    @AfterEach
    void tearDown() {
        notifier.close();
        slack.close();
    }

    private static Map<String, String> order(String customer) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("id", "42");
        row.put("total", "¥12,800");
        row.put("customer", customer);
        return row;
    }

    private String log() {
        return logBytes.toString();
    }

    @Test
    void handle_shouldPostEscapedMessage_whenRealSnsEventArrives() throws Exception {
        // arrange
        rows.rows.put(NumericId.of(42), order("<!channel> & <https://evil.example|bank>"));
        byte[] event = Files.readAllBytes(SNS_FIXTURE);
        Deadline deadline = Deadline.inMillis(10_000);

        // act
        List<EventResult> results = notifier.handle(event, deadline, false);

        // assert
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.queries()).isEqualTo(1);
            assertThat(r.error()).isNull();
        });
        assertThat(rows.fetched).containsExactly(NumericId.of(42));
        assertThat(rows.deadlines).as("the invocation's deadline reaches the row source").containsExactly(deadline);
        assertThat(slack.requestCount()).isEqualTo(1);
        JsonNode sent = json.readTree(slack.received().get(0).body());
        String escaped = "&lt;!channel&gt; &amp; &lt;https://evil.example|bank&gt;";
        assertThat(sent.get("text").asText()).isEqualTo("New order #42 by " + escaped + ": ¥12,800");
        assertThat(sent.at("/blocks/0/text/text").asText()).isEqualTo("*Order 42* — " + escaped);
        assertThat(slack.received().get(0).body()).doesNotContain("<!channel>");
        assertThat(log()).contains("\"outcome\":\"delivered\"").doesNotContain("evil.example");
    }

    @Test
    void handle_shouldNotPostAgain_whenSameSnsMessageIsRedelivered() throws Exception {
        // arrange
        rows.rows.put(NumericId.of(42), order("Ada"));
        byte[] event = Files.readAllBytes(SNS_FIXTURE);
        notifier.handle(event, Deadline.inMillis(10_000), false);

        // act
        List<EventResult> second = notifier.handle(event, Deadline.inMillis(10_000), false);

        // assert
        assertThat(second).extracting(EventResult::outcome).containsExactly(Outcome.DUPLICATE);
        assertThat(slack.requestCount()).isEqualTo(1);
        assertThat(rows.fetched).hasSize(1);
    }

    @Test
    void handle_shouldRenderButNotPost_whenDryRun() throws Exception {
        // arrange
        rows.rows.put(NumericId.of(42), order("Ada"));

        // act
        List<EventResult> results = notifier.handle(Files.readAllBytes(SNS_FIXTURE), Deadline.inMillis(10_000), true);

        // assert
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.DRY_RUN);
            assertThat(r.payload()).contains("New order #42 by Ada");
        });
        assertThat(slack.requestCount()).isZero();
    }

    @Test
    void handle_shouldFailWithoutPosting_whenRowIsNotOnReplica() {
        // act
        List<EventResult> results = notifier.handle("{\"type\":\"order.created\",\"id\":7}".getBytes(StandardCharsets.UTF_8),
                Deadline.inMillis(10_000), false);

        // assert
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(r.error()).startsWith("row not found: order.created id 7");
        });
        assertThat(slack.requestCount()).isZero();
    }

    @Test
    void handle_shouldFailWithoutPosting_whenQueryLacksTemplateColumn() {
        // arrange
        rows.rows.put(NumericId.of(7), Map.of("id", "7", "total", "1"));

        // act
        List<EventResult> results = notifier.handle("{\"type\":\"order.created\",\"id\":7}".getBytes(StandardCharsets.UTF_8),
                Deadline.inMillis(10_000), false);

        // assert
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(r.error()).contains("template error in events.order.created").contains("customer");
        });
        assertThat(slack.requestCount()).isZero();
    }

    @Test
    void handle_shouldRejectWithoutQuerying_whenEventIsUnknown() {
        // act
        List<EventResult> results = notifier.handle("{\"type\":\"order.deleted\",\"id\":7}".getBytes(StandardCharsets.UTF_8),
                Deadline.inMillis(10_000), false);

        // assert
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(r.error()).startsWith("rejected: unknown event type");
        });
        assertThat(rows.fetched).isEmpty();
        assertThat(slack.requestCount()).isZero();
    }

    @Test
    void handle_shouldFailLoudlyWithoutUrl_whenSlackSaysNoService() throws Exception {
        // arrange
        rows.rows.put(NumericId.of(42), order("Ada"));
        slack.replies(Reply.error(404, "no_service"));

        // act
        List<EventResult> results = notifier.handle(Files.readAllBytes(SNS_FIXTURE), Deadline.inMillis(10_000), false);

        // assert
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.error()).contains("no_service").doesNotContain(LocalWebhookReceiver.PATH);
        });
        assertThat(slack.requestCount()).isEqualTo(1);
        assertThat(log()).contains("no_service").doesNotContain(slack.url()).doesNotContain(LocalWebhookReceiver.PATH);
        assertThat(new Redactor(notifier.config().secrets()).redact(slack.url())).isEqualTo("****");
    }
}
