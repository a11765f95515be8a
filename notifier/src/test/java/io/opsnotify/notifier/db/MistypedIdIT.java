package io.opsnotify.notifier.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.notifier.EventResult;
import io.opsnotify.notifier.Notifier;
import io.opsnotify.notifier.Notifiers;
import io.opsnotify.notifier.Outcome;
import io.opsnotify.notifier.config.ConfigLoader;
import io.opsnotify.notifier.config.NotifierConfig;
import io.opsnotify.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A mistyped id must not fetch another row through MySQL's string-to-number comparison, and is
 * invalid input at once, not "row not found" after the replica-lag wait. On a real MariaDB.
 */
class MistypedIdIT {
    static final String PASSWORD = "Ids-ro-pw-5150";
    static String schemaUrl;
    final List<String> logLines = new ArrayList<>();
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void setUp() {
        TestDatabase db = TestDatabase.get();
        schemaUrl = db.newSchema("ids");
        db.execute(schemaUrl,
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, total DECIMAL(12,2) NOT NULL)",
                "INSERT INTO orders VALUES (0, 0.00), (1000, 1.00), (1001, 5.00)",
                "CREATE TABLE vouchers (code VARCHAR(20) PRIMARY KEY, amount INT NOT NULL)",
                "INSERT INTO vouchers VALUES ('ORD-7', 7), ('ord-8', 8)");
        db.createReadOnlyUser(schemaUrl, "ids_ro", PASSWORD);
    }

    NotifierConfig config() {
        String yaml = """
                database:
                  url: %s
                  user: ids_ro
                  password: ${env:DB_PASSWORD}
                slack:
                  webhookUrl: https://hooks.slack.com/services/T0/B0/never-used
                events:
                  order.created:
                    query: SELECT id, total FROM orders WHERE id = :id
                    text: "order {{id}}: {{total}}"
                  voucher.used:
                    query: SELECT code, amount FROM vouchers WHERE code = :id
                    text: "voucher {{code}}: {{amount}}"
                """.formatted(schemaUrl);
        return new ConfigLoader(Map.of("DB_PASSWORD", PASSWORD)).parse(yaml, "opsnotify.yaml", new ConfigLoader.Options(false));
    }

    EventResult dryRun(String type, Object id) {
        String message = json.createObjectNode().put("type", type).putPOJO("id", id).toString();
        try (Notifier n = Notifiers.create(config(), logLines::add)) {
            return n.handle(message.getBytes(StandardCharsets.UTF_8), Deadline.inMillis(30_000), true).get(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1001abc", " 1001", "1001 ", "1001.0", "+1001", "01001", "1001e0", "1e3", "1001\n", "-0"})
    void stringId_shouldBeInvalidInput_whenANumberColumnWouldReadItAsAnotherNumber(String id) {
        EventResult r = dryRun("order.created", id);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.failure()).as(r.error()).isEqualTo(EventResult.Failure.REJECTED);
        assertThat(r.payload()).isNull();
        assertThat(r.queries()).as("no replica-lag retries").isLessThanOrEqualTo(1);
        assertThat(r.error()).contains("id '").doesNotContain("\n");
    }

    @Test
    void stringId_shouldBeInvalidInput_whenItIsNotANumberButComparedWithANumberColumn() {
        // 'ORD-1001' = 0 for MariaDB (with a warning): it would fetch row 0
        EventResult r = dryRun("order.created", "ORD-1001");

        assertThat(r.failure()).as(r.error()).isEqualTo(EventResult.Failure.REJECTED);
        assertThat(r.payload()).isNull();
        assertThat(r.error()).contains("not a number");
    }

    @Test
    void ids_shouldFetchTheirRow_whenTheyMatchTheColumnExactly() {
        EventResult number = dryRun("order.created", 1001);
        EventResult text = dryRun("order.created", "1001");
        EventResult code = dryRun("voucher.used", "ORD-7");

        assertThat(number.outcome()).as(number.error()).isEqualTo(Outcome.DRY_RUN);
        assertThat(number.payload()).contains("order 1001: 5.00");
        assertThat(text.outcome()).as(text.error()).isEqualTo(Outcome.DRY_RUN);
        assertThat(text.payload()).contains("order 1001: 5.00");
        assertThat(code.outcome()).as(code.error()).isEqualTo(Outcome.DRY_RUN);
        assertThat(code.payload()).contains("voucher ORD-7: 7");
    }

    /** Finding 1: the server's warning quotes these cut or escaped, so matching its text let row 0 through. */
    @ParameterizedTest
    @ValueSource(strings = {"\u001b[2J", "\u0000", "ORD-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "ORD-\u00e9\u00e9-ORDER-REFERENCE-THAT-IS-LONGER-THAN-THE-128-CHARACTERS-MARIADB-QUOTES-IN-ITS-WARNING-MESSAGE-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void stringId_shouldBeInvalidInput_whenTheServerWarningCannotQuoteItVerbatim(String id) {
        EventResult r = dryRun("order.created", id);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.failure()).as(r.error()).isEqualTo(EventResult.Failure.REJECTED);
        assertThat(r.payload()).as("row 0 must not be fetched").isNull();
        assertThat(r.error()).doesNotContain("\n").doesNotContain("\u001b").doesNotContain("\u0000");
    }

    @Test
    void textId_shouldFetchItsRow_whenItMatchesTheTextColumn() {
        EventResult r = dryRun("voucher.used", "ord-8");

        assertThat(r.outcome()).as(r.error()).isEqualTo(Outcome.DRY_RUN);
        assertThat(r.payload()).contains("voucher ord-8: 8");
    }
}
