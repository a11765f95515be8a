package io.opsnotify.notifier.event;

import io.opsnotify.testkit.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventParserTest {
    /** A real SNS→Lambda event, carried in src/test/resources/fixtures/sns. */
    static final Path SNS_FIXTURE = Fixtures.path("fixtures/sns/order-created-42.json");

    private final ObjectMapper json = new ObjectMapper();
    private final EventParser parser = new EventParser(Set.of("order.created", "order.paid"));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A one-record SNS event around {@code message}, with an optional type attribute. */
    private String sns(String message, String typeAttribute) throws IOException {
        var root = json.createObjectNode();
        var sns = root.putArray("Records").addObject().put("EventSource", "aws:sns").putObject("Sns");
        sns.put("MessageId", "m-1").put("Message", message);
        if (typeAttribute != null) {
            sns.putObject("MessageAttributes").putObject("type").put("Type", "String").put("Value", typeAttribute);
        }
        return json.writeValueAsString(root);
    }

    private NotificationEvent parseBare(String message) {
        List<EventParser.Envelope> envs = parser.envelopes(bytes(message));
        assertThat(envs).hasSize(1);
        return parser.parse(envs.get(0));
    }

    @Test
    void envelopes_shouldReadRealSnsFixture_whenGivenTheSnsEventLambdaReceives() throws IOException {
        // arrange
        assertThat(SNS_FIXTURE).as("fixture, resolved from %s", Path.of("").toAbsolutePath()).isRegularFile();
        byte[] input = Files.readAllBytes(SNS_FIXTURE);

        // act
        List<EventParser.Envelope> envs = parser.envelopes(input);
        NotificationEvent event = parser.parse(envs.get(0));

        // assert
        assertThat(envs).hasSize(1);
        assertThat(envs.get(0).messageId()).isEqualTo("95df01b4-ee98-5cb9-9903-4c221d41eb5e");
        assertThat(envs.get(0).typeAttribute()).isEqualTo("order.created");
        assertThat(event).isEqualTo(new NotificationEvent("order.created", NumericId.of(42), "95df01b4-ee98-5cb9-9903-4c221d41eb5e"));
    }

    @Test
    void envelopes_shouldWrapBareMessage_whenInvokedDirectly() {
        // act
        List<EventParser.Envelope> envs = parser.envelopes(bytes("{\"type\":\"order.created\",\"id\":42}"));

        // assert
        assertThat(envs).singleElement().satisfies(e -> {
            assertThat(e.messageId()).isNull();
            assertThat(e.typeAttribute()).isNull();
        });
        assertThat(parser.parse(envs.get(0))).isEqualTo(new NotificationEvent("order.created", NumericId.of(42), null));
    }

    @Test
    void parse_shouldKeepIdAsString_whenIdIsAString() {
        // act
        NotificationEvent e = parseBare("{\"type\":\"order.created\",\"id\":\"ORD-00042\"}");

        // assert
        assertThat(e.id()).isEqualTo(new TextId("ORD-00042"));
    }

    @Test
    void parse_shouldKeepWholeNumber_whenIdDoesNotFitInLong() {
        // act
        NotificationEvent big = parseBare("{\"type\":\"order.created\",\"id\":18446744073709551615}");
        NotificationEvent max = parseBare("{\"type\":\"order.created\",\"id\":9223372036854775807}");

        // assert
        assertThat(big.id()).isEqualTo(new NumericId(new BigInteger("18446744073709551615")));
        assertThat(((NumericId) big.id()).fitsLong()).isFalse();
        assertThat(max.id()).isEqualTo(NumericId.of(Long.MAX_VALUE));
        assertThat(((NumericId) max.id()).fitsLong()).isTrue();
        assertThat(big.idText()).isEqualTo("18446744073709551615");
    }

    @Test
    void parse_shouldTakeTypeFromAttribute_whenMessageHasNoType() throws IOException {
        // arrange
        byte[] input = bytes(sns("{\"id\":7}", "order.paid"));

        // act
        NotificationEvent e = parser.parse(parser.envelopes(input).get(0));

        // assert
        assertThat(e).isEqualTo(new NotificationEvent("order.paid", NumericId.of(7), "m-1"));
    }

    @Test
    void parse_shouldReject_whenMessageTypeAndAttributeDiffer() throws IOException {
        // arrange
        EventParser.Envelope env = parser.envelopes(bytes(sns("{\"type\":\"order.created\",\"id\":7}", "order.paid"))).get(0);

        // act + assert
        assertThatThrownBy(() -> parser.parse(env))
                .isInstanceOf(EventException.class)
                .hasMessageContaining("'order.created'")
                .hasMessageContaining("'order.paid'")
                .hasMessageContaining("differs");
    }

    @Test
    void parse_shouldReject_whenNoTypeAnywhere() throws IOException {
        // arrange
        EventParser.Envelope env = parser.envelopes(bytes(sns("{\"id\":7}", null))).get(0);

        // act + assert
        assertThatThrownBy(() -> parser.parse(env))
                .isInstanceOf(EventException.class)
                .hasMessageContaining("no type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "[1,", ""})
    void envelopes_shouldReject_whenInputIsNotJson(String input) {
        assertThatThrownBy(() -> parser.envelopes(bytes(input)))
                .isInstanceOf(EventException.class)
                .hasMessageMatching("(?s)event (is not JSON|must be a JSON object).*");
    }

    @Test
    void envelopes_shouldReject_whenInputIsAJsonArray() {
        assertThatThrownBy(() -> parser.envelopes(bytes("[1,2]")))
                .isInstanceOf(EventException.class)
                .hasMessageContaining("must be a JSON object")
                .hasMessageContaining("an array");
    }

    @Test
    void parse_shouldReject_whenSnsMessageIsNotJson() throws IOException {
        // arrange
        EventParser.Envelope env = parser.envelopes(bytes(sns("order 42 created", "order.created"))).get(0);

        // act + assert
        assertThatThrownBy(() -> parser.parse(env))
                .isInstanceOf(EventException.class)
                .hasMessageStartingWith("message is not JSON")
                .hasMessageContaining("order 42 created");
    }

    @Test
    void parse_shouldReject_whenIdIsMissingOrNull() {
        assertThatThrownBy(() -> parseBare("{\"type\":\"order.created\"}"))
                .isInstanceOf(EventException.class).hasMessageContaining("no id");
        assertThatThrownBy(() -> parseBare("{\"type\":\"order.created\",\"id\":null}"))
                .isInstanceOf(EventException.class).hasMessageContaining("no id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1}", "[42]", "true", "42.5", "1e3", "\"\"", "\"   \""})
    void parse_shouldReject_whenIdIsNotAnIntegerOrNonEmptyString(String id) {
        assertThatThrownBy(() -> parseBare("{\"type\":\"order.created\",\"id\":" + id + "}"))
                .isInstanceOf(EventException.class)
                .hasMessageContaining("id ");
    }

    @Test
    void parse_shouldReject_whenStringIdIsLongerThanLimit() {
        // arrange
        String id = "9".repeat(EventParser.MAX_ID_LENGTH + 1);

        // act + assert
        assertThatThrownBy(() -> parseBare("{\"type\":\"order.created\",\"id\":\"" + id + "\"}"))
                .isInstanceOf(EventException.class)
                .hasMessageContaining("longer than " + EventParser.MAX_ID_LENGTH)
                .message().doesNotContain(id);
    }

    @Test
    void parse_shouldNameConfiguredTypes_whenTypeIsUnknown() {
        assertThatThrownBy(() -> parseBare("{\"type\":\"order.deleted\",\"id\":1}"))
                .isInstanceOf(EventException.class)
                .hasMessageContaining("unknown event type 'order.deleted'")
                .hasMessageContaining("order.created, order.paid");
    }

    @Test
    void parse_shouldReject_whenTypeIsNotAString() {
        assertThatThrownBy(() -> parseBare("{\"type\":5,\"id\":1}"))
                .isInstanceOf(EventException.class)
                .hasMessageContaining("type must be a non-empty string");
    }

    @Test
    void envelopes_shouldReject_whenRecordsIsEmptyOrNotAnArray() {
        assertThatThrownBy(() -> parser.envelopes(bytes("{\"Records\":[]}")))
                .isInstanceOf(EventException.class).hasMessageContaining("non-empty array");
        assertThatThrownBy(() -> parser.envelopes(bytes("{\"Records\":{}}")))
                .isInstanceOf(EventException.class).hasMessageContaining("non-empty array");
    }

    @Test
    void envelopes_shouldReject_whenRecordIsNotFromSns() {
        assertThatThrownBy(() -> parser.envelopes(bytes("{\"Records\":[{\"EventSource\":\"aws:sqs\",\"body\":\"{}\"}]}")))
                .isInstanceOf(EventException.class)
                .hasMessageContaining("Records[0]")
                .hasMessageContaining("aws:sqs");
    }

    @Test
    void envelopes_shouldReject_whenSnsMessageIsNotAString() {
        assertThatThrownBy(() -> parser.envelopes(bytes("{\"Records\":[{\"Sns\":{\"Message\":{\"id\":1}}}]}")))
                .isInstanceOf(EventException.class)
                .hasMessageContaining("Records[0].Sns.Message");
    }

    @Test
    void parse_shouldShortenHostileValues_whenQuotingThemInMessages() throws IOException {
        // arrange: huge values with control characters, as an attacker could publish
        String hostile = "x\n\r\u0007".repeat(5000);
        String typeAttr = json.writeValueAsString(hostile);
        EventParser.Envelope unknownType = parser.envelopes(bytes("{\"type\":" + typeAttr + ",\"id\":1}")).get(0);
        EventParser.Envelope conflict = parser.envelopes(bytes(sns("{\"type\":\"order.created\",\"id\":1}", hostile))).get(0);
        EventParser.Envelope arrayId = parser.envelopes(bytes("{\"type\":\"order.created\",\"id\":[" + typeAttr + "]}")).get(0);
        EventParser.Envelope notJson = parser.envelopes(bytes(sns("y".repeat(100_000) + "\n", "order.created"))).get(0);

        // act
        List<String> messages = List.of(unknownType, conflict, arrayId, notJson).stream()
                .map(env -> {
                    try {
                        parser.parse(env);
                        return "accepted";
                    } catch (EventException e) {
                        return e.getMessage();
                    }
                })
                .toList();

        // assert
        assertThat(messages).hasSize(4).allSatisfy(m -> {
            assertThat(m).isNotEqualTo("accepted");
            assertThat(m).hasSizeLessThan(700);
            assertThat(m).doesNotContain("\n", "\r", "\u0007");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"order.created\",\"id\":1} x",
        "{\"type\":\"order.created\",\"id\":1}{\"type\":\"order.paid\",\"id\":2}",
        "{\"type\":\"order.created\",\"id\":1}\n{\"type\":\"order.paid\",\"id\":2}",
        "{\"type\":\"order.created\",\"id\":1} 7",
        "{\"type\":\"order.created\",\"id\":1}]",
        "{\"Records\":[]} {\"type\":\"order.created\",\"id\":1}"
    })
    void envelopes_shouldReject_whenInputHasMoreThanOneJsonValue(String input) {
        assertThatThrownBy(() -> parser.envelopes(bytes(input)))
                .isInstanceOf(EventException.class)
                .hasMessageStartingWith("event is not JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"order.created\",\"id\":1,\"id\":2}",
        "{\"Records\":[{\"Sns\":{\"MessageId\":\"m\",\"Message\":\"{}\"}}],\"Records\":[]}",
        "{\"Records\":[{\"Sns\":{\"MessageId\":\"m\",\"Message\":\"a\",\"Message\":\"b\"}}]}",
        "{\"Records\":[{\"Sns\":{\"Message\":\"{}\",\"MessageAttributes\":{\"type\":{\"Value\":\"order.created\",\"Value\":\"order.paid\"}}}}]}"
    })
    void envelopes_shouldReject_whenAKeyRepeatsAtAnyLevel(String input) {
        assertThatThrownBy(() -> parser.envelopes(bytes(input)))
                .isInstanceOf(EventException.class)
                .hasMessageStartingWith("event is not JSON")
                .hasMessageContaining("Duplicate field");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"order.created\",\"id\":1,\"id\":2}",
        "{\"type\":\"order.created\",\"type\":\"order.paid\",\"id\":1}",
        "{\"type\":\"order.created\",\"id\":1,\"meta\":{\"a\":1,\"a\":2}}",
        "{\"type\":\"order.created\",\"id\":1,\"list\":[{\"a\":1,\"a\":2}]}",
        "{\"type\":\"order.created\",\"id\":1}{\"type\":\"order.created\",\"id\":2}",
        "{\"type\":\"order.created\",\"id\":1} trailing",
        "{\"type\":\"order.created\",\"id\":1}}"
    })
    void parse_shouldReject_whenSnsMessageHasDuplicateKeysOrTrailingContent(String message) throws IOException {
        // arrange: a well-formed SNS envelope whose Message is ambiguous
        EventParser.Envelope env = parser.envelopes(bytes(sns(message, "order.created"))).get(0);

        // act + assert
        assertThatThrownBy(() -> parser.parse(env))
                .isInstanceOf(EventException.class)
                .hasMessageStartingWith("message is not JSON");
    }

    @Test
    void parse_shouldNotCarryControlOrBidiCharacters_whenQuotingValues() throws IOException {
        // arrange: C1 (CSI), bidi override and DEL, which a one-line log or a terminal would act on
        String hostile = "a\u009B31mb\u202Ec\u007Fd\u001B[2J";
        String typeAttr = json.writeValueAsString(hostile);
        EventParser.Envelope unknownType = parser.envelopes(bytes("{\"type\":" + typeAttr + ",\"id\":1}")).get(0);

        // act
        Throwable e = Assertions.catchThrowable(() -> parser.parse(unknownType));

        // assert
        assertThat(e).isInstanceOf(EventException.class);
        assertThat(e.getMessage()).doesNotContain("\u009B", "\u202E", "\u007F", "\u001B")
                .contains("\\u009B31mb\\u202Ec");
    }

    @Test
    void shorten_shouldNotSplitSurrogatePair_whenCutFallsInsideEmoji() {
        // arrange: char 77 (index 76) is the high half of an emoji
        String text = "a".repeat(76) + "🎉".repeat(20);

        // act
        String out = EventParser.shorten(text);

        // assert
        assertThat(out).isEqualTo("a".repeat(76) + "...");
        assertThat(out.chars().anyMatch(c -> Character.isSurrogate((char) c))).isFalse();
    }

    @Test
    void shorten_shouldCutTo80Chars_whenTextIsLong() {
        // act
        String out = EventParser.shorten("a".repeat(200));

        // assert
        assertThat(out).hasSize(80).endsWith("...");
        assertThat(EventParser.shorten("short")).isEqualTo("short");
        assertThat(EventParser.shorten(null)).isEqualTo("null");
    }
}
