package io.opsnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.notifier.base.SafeText;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {
    /** ESC sequence, CR/LF (a forged second line), BEL, DEL, C1 CSI, bidi override, zero-width joiner's cousin. */
    static final String HOSTILE = "42\u001B[2J\r\n{\"level\":\"INFO\"}\u0007\u007F\u009B31m\u202Egnp.exe\u2066";

    private final List<String> lines = new ArrayList<>();
    private final EventLog log = new EventLog(lines::add, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    private static void collectStrings(JsonNode n, List<String> out) {
        if (n.isTextual()) {
            out.add(n.textValue());
        }
        n.forEach(child -> collectStrings(child, out));
        n.fieldNames().forEachRemaining(out::add);
    }

    @Test
    void log_shouldWriteNoRawControlOrBidiCharacter_whenValuesCarryThem() throws Exception {
        // arrange: every string of the result holds the hostile text
        EventResult r = new EventResult("order.created", HOSTILE, "m-" + HOSTILE, Outcome.FAILED, 1, 1, 5, null,
                EventResult.Failure.REJECTED, "rejected: " + HOSTILE, List.of("note " + HOSTILE));

        // act
        log.log(r);

        // assert: one line; neither the raw line nor the values CloudWatch decodes from it hold a
        // control, format or bidi character (JSON's own escaping covers only C0)
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line).doesNotContain("\n", "\r");
            assertThat(SafeText.isSafeLine(line)).isTrue();
            JsonNode parsed = new ObjectMapper().readTree(line);
            List<String> strings = new ArrayList<>();
            collectStrings(parsed, strings);
            assertThat(strings).isNotEmpty().allSatisfy(s -> assertThat(SafeText.isSafeLine(s)).as(s).isTrue());
            assertThat(parsed.path("id").asText()).isEqualTo(SafeText.line(HOSTILE));
            assertThat(parsed.path("error").asText()).contains("\\u202E").contains("\\u009B").contains("\\u001B");
            assertThat(parsed.path("truncated").get(0).asText()).isEqualTo("note " + SafeText.line(HOSTILE));
        });
    }

    @Test
    void log_shouldKeepPrintableUnicode_whenValuesAreHarmless() throws Exception {
        // arrange
        EventResult r = new EventResult("order.created", "山田-42 🎉", "m-1", Outcome.DELIVERED, 1, 1, 5, null,
                null, null, List.of());

        // act
        log.log(r);

        // assert
        JsonNode parsed = new ObjectMapper().readTree(lines.get(0));
        assertThat(parsed.path("id").asText()).isEqualTo("山田-42 🎉");
        assertThat(parsed.path("outcome").asText()).isEqualTo("delivered");
    }

    @Test
    void eventResult_shouldHoldOnlySafeText_whenBuiltFromHostileValues() {
        // act: what the Lambda's error (NotificationFailedException) and invoke's output are built from
        EventResult r = new EventResult("order.created", HOSTILE, HOSTILE, Outcome.FAILED, 0, 1, 5, null,
                EventResult.Failure.ROW_NOT_FOUND, "row not found: order.created id " + HOSTILE, List.of(HOSTILE));

        // assert
        assertThat(List.of(r.id(), r.messageId(), r.error(), r.notes().get(0)))
                .allSatisfy(s -> assertThat(SafeText.isSafeLine(s)).as(s).isTrue());
        assertThat(r.id()).isEqualTo(SafeText.line(HOSTILE));
    }
}
