package io.opsnotify.notifier;

import io.opsnotify.notifier.base.Deadline;
import static org.assertj.core.api.Assertions.assertThat;

import io.opsnotify.notifier.config.ConfigLoader;
import io.opsnotify.notifier.config.NotifierConfig;
import io.opsnotify.localwebhook.LocalWebhookReceiver;
import io.opsnotify.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The second wall: a rendered message that carries a secret's value, however it got there (here:
 * a row of the replica), is neither posted nor printed. On a real MariaDB and a real receiver.
 */
class SecretInPayloadIT {
    static final String PASSWORD = "Payload-pw-31337";
    static String schemaUrl;
    LocalWebhookReceiver slack;
    final List<String> logLines = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        TestDatabase db = TestDatabase.get();
        schemaUrl = db.newSchema("leak");
        db.execute(schemaUrl,
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, note VARCHAR(300) NOT NULL)",
                "INSERT INTO orders VALUES (1, 'plain note'), (2, 'pw: " + PASSWORD + "'), "
                        + "(3, 'hook " + LocalWebhookReceiver.PATH + "')");
        db.createReadOnlyUser(schemaUrl, "leak_ro", PASSWORD);
    }

    @BeforeEach
    void startReceiver() throws Exception {
        slack = LocalWebhookReceiver.start();
    }

    @AfterEach
    void stopReceiver() {
        slack.close();
    }

    EventResult handle(long id, boolean dryRun, boolean blocks) {
        String yaml = """
                database:
                  url: %s
                  user: leak_ro
                  password: ${env:DB_PASSWORD}
                slack:
                  webhookUrl: ${env:SLACK_WEBHOOK_URL}
                events:
                  order.created:
                    query: SELECT id, note FROM orders WHERE id = :id
                    %s
                """.formatted(schemaUrl, blocks
                        ? "text: \"order {{id}}\"\n    blocks: '[{\"type\":\"section\",\"text\":{\"type\":\"plain_text\",\"text\":\"{{note}}\"}}]'"
                        : "text: \"order {{id}}: {{note}}\"");
        NotifierConfig config = new ConfigLoader(Map.of("DB_PASSWORD", PASSWORD, "SLACK_WEBHOOK_URL", slack.url()))
                .parse(yaml, "opsnotify.yaml", new ConfigLoader.Options(true));
        String message = "{\"type\":\"order.created\",\"id\":" + id + "}";
        try (Notifier n = Notifiers.create(config, logLines::add)) {
            return n.handle(message.getBytes(StandardCharsets.UTF_8), Deadline.inMillis(30_000), dryRun).get(0);
        }
    }

    @ParameterizedTest
    @CsvSource({"2, true, false", "2, false, false", "3, true, false", "3, false, false", "2, false, true", "3, true, true"})
    void message_shouldFailUnsentAndUnprinted_whenItCarriesASecretsValue(long id, boolean dryRun, boolean blocks) {
        EventResult r = handle(id, dryRun, blocks);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.failure()).as(r.error()).isEqualTo(EventResult.Failure.TEMPLATE);
        assertThat(r.error()).contains("contains the value of a secret");
        assertThat(r.payload()).as("nothing to print").isNull();
        assertThat(slack.requestCount()).as("nothing posted").isZero();
        assertThat(r.error() + String.join("\n", logLines)).doesNotContain(PASSWORD)
                .doesNotContain(LocalWebhookReceiver.PATH);
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void message_shouldGo_whenItCarriesNoSecret(boolean dryRun) {
        EventResult r = handle(1, dryRun, false);

        assertThat(r.error()).isNull();
        assertThat(r.payload()).contains("order 1: plain note");
        assertThat(slack.requestCount()).isEqualTo(dryRun ? 0 : 1);
    }
}
