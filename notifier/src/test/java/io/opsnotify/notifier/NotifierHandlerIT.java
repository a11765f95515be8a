package io.opsnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opsnotify.notifier.config.ConfigLoader;
import io.opsnotify.notifier.config.NotifierConfig;
import io.opsnotify.localwebhook.LocalWebhookReceiver;
import io.opsnotify.localwebhook.LocalWebhookReceiver.Reply;
import io.opsnotify.testkit.Fixtures;
import io.opsnotify.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Lambda handler end to end: a real SNS event, a real MariaDB replica, a real HTTP server
 * playing Slack. Only Lambda's Context is faked (the runtime cannot run here).
 */
class NotifierHandlerIT {
    static final String DB_PASSWORD = "Pa55-word-that-must-never-leak";
    static final String HOSTILE = "<!channel> & <https://evil.example|bank>";
    static final String CONFIG = """
            database:
              url: ${env:DB_URL}
              user: opsnotify_ro
              password: ${env:DB_PASSWORD}
              replicaLagWaitMs: ${env:LAG_MS}
            slack:
              webhookUrl: ${env:SLACK_WEBHOOK_URL}
              readTimeoutMs: 1000
              maxAttempts: 4
            events:
              order.created:
                query: SELECT o.id, o.total, c.name AS customer FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = :id
                text: "New order #{{id}} by {{customer}}: {{total}}"
                blocks: |
                  [{"type":"section","text":{"type":"mrkdwn","text":"*Order {{id}}* — {{customer}}"}}]
              customer.signed_up:
                query: SELECT name FROM customers WHERE id = :id
                text: "Welcome {{name}}"
              session.check:
                query: SELECT @@session.tx_read_only AS ro, :id AS id
                text: "read-only={{ro}}"
            """;

    static TestDatabase db;
    static String dbUrl;
    static LocalWebhookReceiver slack;
    final ObjectMapper json = new ObjectMapper();
    final List<String> logLines = new CopyOnWriteArrayList<>();
    final List<String> errors = new ArrayList<>();

    @BeforeAll
    static void startServers() throws IOException {
        db = TestDatabase.get();
        dbUrl = db.newSchema("handler");
        db.execute(dbUrl,
                "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(200) NOT NULL) CHARACTER SET utf8mb4",
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, total DECIMAL(12,2) NOT NULL)",
                "INSERT INTO customers VALUES (1, '" + HOSTILE + "'), (2, '山田 太郎'), (3, 'Ada')",
                "INSERT INTO orders VALUES (42, 1, 129.90), (43, 2, 15800.00), (44, 3, 5.00)");
        db.createReadOnlyUser(dbUrl, "opsnotify_ro", DB_PASSWORD);
        slack = LocalWebhookReceiver.start();
    }

    @AfterAll
    static void stopServers() {
        slack.close();
    }

    @BeforeEach
    void resetReceiver() {
        slack.reset();
    }

    @AfterEach
    void noSecretAnywhere() {
        // every test: nothing it logged or threw may contain a secret
        List<String> everything = new ArrayList<>(logLines);
        everything.addAll(errors);
        assertThat(everything).noneMatch(s -> s.contains(DB_PASSWORD))
                .noneMatch(s -> s.contains(LocalWebhookReceiver.PATH))
                .noneMatch(s -> s.contains("opsnotify-local-receiver-token"));
    }

    NotifierHandler handler(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of("DB_URL", dbUrl, "DB_PASSWORD", DB_PASSWORD,
                "SLACK_WEBHOOK_URL", slack.url(), "LAG_MS", "1500"));
        env.putAll(overrides);
        NotifierConfig config = new ConfigLoader(env).parse(CONFIG, "it.yaml", ConfigLoader.Options.STRICT);
        return new NotifierHandler(Notifiers.create(config, logLines::add));
    }

    NotifierHandler handler() {
        return handler(Map.of());
    }

    /** Invokes like Lambda; returns the output, or records and rethrows the failure. */
    JsonNode invoke(NotifierHandler h, String event, long remainingMs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            h.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, new LocalLambda.LocalContext(remainingMs));
        } catch (RuntimeException e) {
            errors.add(String.valueOf(e.getMessage()));
            throw e;
        }
        return json.readTree(out.toByteArray());
    }

    /** The real SNS fixture with another MessageId and message. */
    static String snsEvent(String messageId, String message) throws IOException {
        ObjectMapper m = new ObjectMapper();
        JsonNode fixture = m.readTree(Fixtures.read("fixtures/sns/order-created-42.json"));
        ObjectNode sns =
                (ObjectNode) fixture.get("Records").get(0).get("Sns");
        sns.put("MessageId", messageId).put("Message", message);
        if (!message.contains("order.created")) {
            ((ObjectNode) sns.get("MessageAttributes")).removeAll();
        }
        return fixture.toString();
    }

    JsonNode lastLog() throws IOException {
        return json.readTree(logLines.get(logLines.size() - 1));
    }

    @Test
    void handleRequest_shouldPostEscapedMessage_whenCustomerNameIsHostile() throws IOException {
        JsonNode out = invoke(handler(), Fixtures.read("fixtures/sns/order-created-42.json"), 10_000);

        assertThat(out.path("delivered").asInt()).isEqualTo(1);
        assertThat(slack.requestCount()).isEqualTo(1);
        LocalWebhookReceiver.Received got = slack.received().get(0);
        assertThat(got.contentType()).isEqualTo("application/json; charset=utf-8");
        JsonNode payload = json.readTree(got.body());
        String escaped = "&lt;!channel&gt; &amp; &lt;https://evil.example|bank&gt;";
        assertThat(payload.path("text").asText()).isEqualTo("New order #42 by " + escaped + ": 129.90");
        assertThat(payload.path("blocks").get(0).path("text").path("text").asText())
                .isEqualTo("*Order 42* — " + escaped);
        assertThat(got.body()).doesNotContain("<!channel>").doesNotContain("<https://evil");
        JsonNode log = lastLog();
        assertThat(log.path("outcome").asText()).isEqualTo("delivered");
        assertThat(log.path("type").asText()).isEqualTo("order.created");
        assertThat(log.path("id").asText()).isEqualTo("42");
        assertThat(log.path("attempts").asInt()).isEqualTo(1);
        assertThat(log.has("latencyMs")).isTrue();
    }

    @Test
    void handleRequest_shouldQueryOnAReadOnlySession() throws IOException {
        invoke(handler(), snsEvent("m-ro", "{\"type\":\"session.check\",\"id\":1}"), 10_000);

        assertThat(json.readTree(slack.received().get(0).body()).path("text").asText()).isEqualTo("read-only=1");
    }

    @Test
    void handleRequest_shouldKeepJapaneseTextIntact_whenRowIsUtf8() throws IOException {
        invoke(handler(), snsEvent("m-utf8", "{\"type\":\"order.created\",\"id\":43}"), 10_000);

        JsonNode payload = json.readTree(slack.received().get(0).body());
        assertThat(payload.path("text").asText()).isEqualTo("New order #43 by 山田 太郎: 15800.00");
    }

    @Test
    void handleRequest_shouldAcceptStringIdAndTypeFromAttribute_whenMessageOmitsType() throws IOException {
        String event = snsEvent("m-attr", "{\"type\":\"order.created\",\"id\":\"44\"}").replace("\\\"type\\\":\\\"order.created\\\",", "");

        invoke(handler(), event, 10_000);

        assertThat(event).contains("\"MessageAttributes\":{\"type\"");
        assertThat(json.readTree(slack.received().get(0).body()).path("text").asText()).isEqualTo("New order #44 by Ada: 5.00");
    }

    @Test
    void handleRequest_shouldWaitForReplica_whenRowArrivesAfterTheEvent() throws Exception {
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(400);
                db.execute(dbUrl, "INSERT INTO orders VALUES (77, 3, 77.00)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        writer.start();

        JsonNode out = invoke(handler(Map.of("LAG_MS", "5000")), snsEvent("m-lag", "{\"type\":\"order.created\",\"id\":77}"), 10_000);
        writer.join();

        assertThat(out.path("delivered").asInt()).isEqualTo(1);
        assertThat(json.readTree(slack.received().get(0).body()).path("text").asText()).isEqualTo("New order #77 by Ada: 77.00");
        assertThat(lastLog().path("queries").asInt()).isGreaterThan(1);
    }

    @Test
    void handleRequest_shouldFailWithRowNotFound_whenRowNeverArrives() throws IOException {
        NotifierHandler h = handler(Map.of("LAG_MS", "300"));
        String event = snsEvent("m-missing", "{\"type\":\"order.created\",\"id\":999}");

        assertThatThrownBy(() -> invoke(h, event, 10_000))
                .isInstanceOf(NotificationFailedException.class)
                .hasMessageContaining("row not found")
                .hasMessageContaining("order.created id 999");
        assertThat(slack.requestCount()).isZero();
    }

    @Test
    void handleRequest_shouldRetryAfterRetryAfter_whenSlackAnswers429() throws IOException {
        slack.replies(Reply.rateLimited(1));

        JsonNode out = invoke(handler(), snsEvent("m-429", "{\"type\":\"order.created\",\"id\":44}"), 10_000);

        assertThat(out.path("delivered").asInt()).isEqualTo(1);
        assertThat(slack.requestCount()).isEqualTo(2);
        assertThat(lastLog().path("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void handleRequest_shouldRetry_whenSlackAnswers5xxOrIsSlow() throws IOException {
        slack.replies(Reply.error(500, "rollup_error"), Reply.slow(1500), Reply.error(503, ""));

        JsonNode out = invoke(handler(), snsEvent("m-5xx", "{\"type\":\"order.created\",\"id\":44}"), 20_000);

        assertThat(out.path("delivered").asInt()).isEqualTo(1);
        assertThat(slack.requestCount()).isEqualTo(4);
    }

    @Test
    void handleRequest_shouldFailFastNamingSlacksReason_whenWebhookIsGone() throws IOException {
        slack.replies(Reply.error(404, "no_service"));
        NotifierHandler h = handler();
        String event = snsEvent("m-404", "{\"type\":\"order.created\",\"id\":44}");

        assertThatThrownBy(() -> invoke(h, event, 10_000))
                .isInstanceOf(NotificationFailedException.class)
                .hasMessageContaining("HTTP 404 no_service")
                .hasMessageContaining("webhook was removed or disabled");
        assertThat(slack.requestCount()).isEqualTo(1);
    }

    @Test
    void handleRequest_shouldNotRetry_whenSlackSaysInvalidPayload() throws IOException {
        slack.replies(Reply.error(400, "invalid_payload"));
        NotifierHandler h = handler();
        String event = snsEvent("m-400", "{\"type\":\"order.created\",\"id\":44}");

        assertThatThrownBy(() -> invoke(h, event, 10_000)).hasMessageContaining("invalid_payload");
        assertThat(slack.requestCount()).isEqualTo(1);
    }

    @Test
    void handleRequest_shouldStopWithinLambdaTime_whenRetryAfterExceedsRemainingTime() throws IOException {
        slack.replies(Reply.rateLimited(30));
        NotifierHandler h = handler();
        String event = snsEvent("m-late", "{\"type\":\"order.created\",\"id\":44}");

        assertThatThrownBy(() -> invoke(h, event, 3_000))
                .isInstanceOf(NotificationFailedException.class)
                .hasMessageContaining("429")
                .hasMessageContaining("remaining");
        assertThat(slack.requestCount()).isEqualTo(1);
    }

    @Test
    void handleRequest_shouldPostOnce_whenSnsDeliversTheSameMessageIdTwice() throws IOException {
        NotifierHandler h = handler();
        String event = snsEvent("m-dup", "{\"type\":\"order.created\",\"id\":42}");

        JsonNode first = invoke(h, event, 10_000);
        JsonNode second = invoke(h, event, 10_000);

        assertThat(first.path("delivered").asInt()).isEqualTo(1);
        assertThat(second.path("duplicates").asInt()).isEqualTo(1);
        assertThat(second.path("delivered").asInt()).isZero();
        assertThat(slack.requestCount()).isEqualTo(1);
    }

    @Test
    void handleRequest_shouldPostAgain_whenFirstDeliveryOfMessageIdFailed() throws IOException {
        slack.replies(Reply.error(404, "channel_not_found"));
        NotifierHandler h = handler();
        String event = snsEvent("m-retry", "{\"type\":\"order.created\",\"id\":42}");

        assertThatThrownBy(() -> invoke(h, event, 10_000)).hasMessageContaining("channel_not_found");
        JsonNode retried = invoke(h, event, 10_000); // Lambda's retry of the failed invocation

        assertThat(retried.path("delivered").asInt()).isEqualTo(1);
        assertThat(slack.requestCount()).isEqualTo(2);
    }

    @Test
    void handleRequest_shouldFailWithDatabaseError_whenReplicaIsDown() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        NotifierHandler h = handler(Map.of("DB_URL", "jdbc:mariadb://127.0.0.1:" + closedPort + "/shop"));
        String event = snsEvent("m-dbdown", "{\"type\":\"order.created\",\"id\":42}");

        assertThatThrownBy(() -> invoke(h, event, 10_000))
                .isInstanceOf(NotificationFailedException.class)
                .hasMessageContaining("database error");
        assertThat(slack.requestCount()).isZero();
        assertThat(lastLog().path("failure").asText()).isEqualTo("database");
    }

    @Test
    void handleRequest_shouldReconnect_whenTheConnectionWasKilled() throws IOException {
        NotifierHandler h = handler();
        invoke(h, snsEvent("m-k1", "{\"type\":\"order.created\",\"id\":42}"), 10_000);

        db.execute(dbUrl, "BEGIN NOT ATOMIC FOR c IN (SELECT id FROM information_schema.processlist WHERE user = 'opsnotify_ro') "
                + "DO KILL CONNECTION c.id; END FOR; END");
        JsonNode out = invoke(h, snsEvent("m-k2", "{\"type\":\"order.created\",\"id\":43}"), 10_000);

        assertThat(out.path("delivered").asInt()).isEqualTo(1);
        assertThat(slack.requestCount()).isEqualTo(2);
    }

    @Test
    void handleRequest_shouldFailWithoutPosting_whenEventIsMalformed() throws IOException {
        NotifierHandler h = handler();
        List<String> bad = List.of(
                "not json at all",
                snsEvent("m-b1", "not json"),
                snsEvent("m-b2", "{\"type\":\"order.created\"}"),
                snsEvent("m-b3", "{\"type\":\"order.deleted\",\"id\":1}"),
                snsEvent("m-b4", "{\"type\":\"order.created\",\"id\":{\"nested\":1}}"),
                "{\"Records\":[]}");

        for (String event : bad) {
            assertThatThrownBy(() -> invoke(h, event, 10_000))
                    .as(event).isInstanceOf(NotificationFailedException.class).hasMessageContaining("rejected");
        }
        assertThat(slack.requestCount()).isZero();
        assertThat(errors).anyMatch(m -> m.contains("unknown event type 'order.deleted'"))
                .anyMatch(m -> m.contains("no id"))
                .anyMatch(m -> m.contains("id must be a number or a string"));
    }

    @Test
    void handleRequest_shouldDeliverTheGoodRecordAndFail_whenOneOfTwoRecordsIsBad() throws IOException {
        JsonNode good = json.readTree(snsEvent("m-good", "{\"type\":\"order.created\",\"id\":42}"));
        JsonNode bad = json.readTree(snsEvent("m-bad", "{\"type\":\"order.created\",\"id\":[1]}"));
        ((ArrayNode) good.get("Records")).add(bad.get("Records").get(0));
        NotifierHandler h = handler();

        assertThatThrownBy(() -> invoke(h, good.toString(), 10_000))
                .hasMessageContaining("1 of 2 event(s) not delivered")
                .hasMessageContaining("m-bad");
        assertThat(slack.requestCount()).isEqualTo(1);
    }

    @Test
    void handleRequest_shouldNameTheColumns_whenTemplateUsesUnknownColumn() throws IOException {
        String broken = CONFIG.replace("Welcome {{name}}", "Welcome {{nickname}}");
        Map<String, String> env = Map.of("DB_URL", dbUrl, "DB_PASSWORD", DB_PASSWORD, "SLACK_WEBHOOK_URL", slack.url(), "LAG_MS", "0");
        NotifierConfig config = new ConfigLoader(env).parse(broken, "it.yaml", ConfigLoader.Options.STRICT);
        NotifierHandler h = new NotifierHandler(Notifiers.create(config, logLines::add));
        String event = snsEvent("m-tpl", "{\"type\":\"customer.signed_up\",\"id\":3}");

        assertThatThrownBy(() -> invoke(h, event, 10_000))
                .hasMessageContaining("template error")
                .hasMessageContaining("nickname")
                .hasMessageContaining("[name]");
        assertThat(slack.requestCount()).isZero();
    }
}
