package io.opsnotify.notifier.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageTemplateTest {
    static final String HOSTILE = SlackTextTest.HOSTILE;
    static final String ESCAPED = SlackTextTest.ESCAPED;
    static final Map<String, String> EVENT = Map.of("type", "order.created", "id", "42", "messageId", "m-1");

    private final ObjectMapper json = new ObjectMapper();

    private static Map<String, String> row(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Renders, writes the JSON Slack would receive, and parses it back. */
    private JsonNode roundTrip(MessageTemplate t, Map<String, String> row) throws Exception {
        Map<String, Object> payload = t.render(row, EVENT);
        String wire = json.writeValueAsString(payload);
        return json.readTree(wire);
    }

    @Test
    void render_shouldEscapeValue_whenUsedInText() throws Exception {
        // arrange
        MessageTemplate t = MessageTemplate.compile("New order by {{customer}}", null);

        // act
        JsonNode out = roundTrip(t, row("customer", HOSTILE));

        // assert
        assertThat(out.get("text").asText()).isEqualTo("New order by " + ESCAPED);
        assertThat(out.has("blocks")).isFalse();
        assertThat(t.hasBlocks()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{customer}}", "{{{customer}}}", "{{&customer}}"})
    void render_shouldEscapeValue_whenAnyMustacheSpellingIsUsed(String placeholder) throws Exception {
        // arrange
        MessageTemplate t = MessageTemplate.compile("by " + placeholder,
                "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"by " + placeholder + "\"}}]");

        // act
        JsonNode out = roundTrip(t, row("customer", HOSTILE));

        // assert
        assertThat(out.get("text").asText()).isEqualTo("by " + ESCAPED);
        assertThat(out.at("/blocks/0/text/text").asText()).isEqualTo("by " + ESCAPED);
        assertThat(json.writeValueAsString(out)).doesNotContain("<!channel>").doesNotContain("<https://evil");
    }

    @Test
    void render_shouldEscapeValueInBlocks_andKeepTemplateAuthorsMarkup() throws Exception {
        // arrange
        String blocks = """
                [{"type":"section","text":{"type":"mrkdwn","text":"*Order {{id}}* <https://shop.example/o|open> {{customer}}"},
                  "fields":[{"type":"mrkdwn","text":"{{customer}}"}]},
                 {"type":"context","elements":[{"type":"mrkdwn","text":"{{customer}}"}]}]
                """;
        MessageTemplate t = MessageTemplate.compile("Order {{id}}", blocks);

        // act
        JsonNode out = roundTrip(t, row("id", "42", "customer", HOSTILE));

        // assert
        assertThat(out.at("/blocks/0/text/text").asText())
                .isEqualTo("*Order 42* <https://shop.example/o|open> " + ESCAPED);
        assertThat(out.at("/blocks/0/fields/0/text").asText()).isEqualTo(ESCAPED);
        assertThat(out.at("/blocks/1/elements/0/text").asText()).isEqualTo(ESCAPED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"}]},{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"<!channel>",
        "quote \" brace } bracket ] newline \n backslash \\ end",
        "\\\"}}}]"
    })
    void render_shouldKeepBlocksStructure_whenValueContainsJsonSyntax(String value) throws Exception {
        // arrange
        MessageTemplate t = MessageTemplate.compile("{{v}}",
                "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"before {{v}} after\"}}]");

        // act
        JsonNode out = roundTrip(t, row("v", value));

        // assert
        assertThat(out.get("blocks")).hasSize(1);
        assertThat(out.at("/blocks/0/type").asText()).isEqualTo("section");
        assertThat(out.at("/blocks/0/text").size()).isEqualTo(2);
        assertThat(out.at("/blocks/0/text/text").asText())
                .isEqualTo("before " + SlackText.escapeMrkdwn(value) + " after");
    }

    @Test
    void render_shouldPercentEncode_whenValueIsInUrlFields() throws Exception {
        // arrange
        String blocks = """
                [{"type":"section","text":{"type":"mrkdwn","text":"{{sku}}"},
                  "accessory":{"type":"image","image_url":"https://img.example/p/{{sku}}.png","alt_text":"{{sku}}"}},
                 {"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"Open"},
                  "url":"https://shop.example/orders/{{id}}?ref={{event.type}}"}]}]
                """;
        MessageTemplate t = MessageTemplate.compile("x", blocks);

        // act
        JsonNode out = roundTrip(t, row("id", "42/../admin?x=1#frag", "sku", "a b&<c>"));

        // assert
        assertThat(out.at("/blocks/0/accessory/image_url").asText()).isEqualTo("https://img.example/p/a%20b%26%3Cc%3E.png");
        assertThat(out.at("/blocks/0/accessory/alt_text").asText()).isEqualTo("a b&amp;&lt;c&gt;");
        assertThat(out.at("/blocks/0/text/text").asText()).isEqualTo("a b&amp;&lt;c&gt;");
        assertThat(out.at("/blocks/1/elements/0/url").asText())
                .isEqualTo("https://shop.example/orders/42%2F..%2Fadmin%3Fx%3D1%23frag?ref=order.created");
    }

    @Test
    void render_shouldKeepJapaneseIntact_whenValueIsNotAscii() throws Exception {
        // arrange
        MessageTemplate t = MessageTemplate.compile("新規注文 {{customer}} 様",
                "[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"注文 {{id}}：{{customer}}\"}}]");

        // act
        JsonNode out = roundTrip(t, row("id", "42", "customer", "山田 太郎 🍣"));

        // assert
        assertThat(out.get("text").asText()).isEqualTo("新規注文 山田 太郎 🍣 様");
        assertThat(out.at("/blocks/0/text/text").asText()).isEqualTo("注文 42：山田 太郎 🍣");
    }

    @Test
    void render_shouldExposeEventFields_whenTemplateUsesEventPrefix() throws Exception {
        // arrange
        MessageTemplate t = MessageTemplate.compile("{{event.type}} #{{event.id}} ({{event.messageId}})",
                "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"{{event.type}}/{{event.id}}\"}}]");

        // act
        JsonNode out = roundTrip(t, row("total", "10"));

        // assert
        assertThat(out.get("text").asText()).isEqualTo("order.created #42 (m-1)");
        assertThat(out.at("/blocks/0/text/text").asText()).isEqualTo("order.created/42");
    }

    @Test
    void render_shouldEscapeEventFields_whenTheyCarryMarkup() throws Exception {
        // arrange
        MessageTemplate t = MessageTemplate.compile("id {{event.id}}", null);

        // act
        JsonNode out = json.valueToTree(t.render(row(), Map.of("type", "t", "id", "<!here>", "messageId", "")));

        // assert
        assertThat(out.get("text").asText()).isEqualTo("id &lt;!here&gt;");
    }

    @Test
    void render_shouldNameColumns_whenTemplateUsesMissingColumn() {
        // arrange
        MessageTemplate t = MessageTemplate.compile("Order {{id}} by {{customr}}", null);

        // act + assert
        assertThatThrownBy(() -> t.render(row("id", "42", "customer", "Ada"), EVENT))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("customr")
                .hasMessageContaining("[id, customer]");
    }

    @Test
    void render_shouldNameColumns_whenBlocksUseMissingColumn() {
        // arrange
        MessageTemplate t = MessageTemplate.compile("ok",
                "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"{{nope}}\"}}]");

        // act + assert
        assertThatThrownBy(() -> t.render(row("id", "42"), EVENT))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("blocks")
                .hasMessageContaining("nope")
                .hasMessageContaining("[id]");
    }

    @Test
    void render_shouldRenderEmpty_whenColumnIsSqlNull() throws Exception {
        // arrange
        Map<String, String> r = new HashMap<>();
        r.put("customer", null);
        MessageTemplate t = MessageTemplate.compile("by [{{customer}}]",
                "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"[{{customer}}]\"}}]");

        // act
        JsonNode out = roundTrip(t, r);

        // assert
        assertThat(out.get("text").asText()).isEqualTo("by []");
        assertThat(out.at("/blocks/0/text/text").asText()).isEqualTo("[]");
    }

    @Test
    void render_shouldNotChangeSkeleton_whenRenderedTwice() throws Exception {
        // arrange
        MessageTemplate t = MessageTemplate.compile("{{v}}",
                "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"v={{v}}\"}}]");

        // act
        JsonNode first = roundTrip(t, row("v", "one"));
        JsonNode second = roundTrip(t, row("v", "two"));

        // assert
        assertThat(first.at("/blocks/0/text/text").asText()).isEqualTo("v=one");
        assertThat(second.at("/blocks/0/text/text").asText()).isEqualTo("v=two");
    }

    @Test
    void render_shouldFillArrayStrings_whenPlaceholderIsAnArrayElement() throws Exception {
        // arrange: same-looking objects must still be distinct slots
        MessageTemplate t = MessageTemplate.compile("x", """
                {"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"{{a}}"}},
                           {"type":"section","text":{"type":"mrkdwn","text":"{{a}}"}},
                           {"type":"rich","list":["{{a}}","fixed"]}]}
                """);

        // act
        JsonNode out = roundTrip(t, row("a", "<A>"));

        // assert
        assertThat(out.at("/blocks/0/text/text").asText()).isEqualTo("&lt;A&gt;");
        assertThat(out.at("/blocks/1/text/text").asText()).isEqualTo("&lt;A&gt;");
        assertThat(out.at("/blocks/2/list/0").asText()).isEqualTo("&lt;A&gt;");
        assertThat(out.at("/blocks/2/list/1").asText()).isEqualTo("fixed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x|evil", "x>click <https://bad.example|your bank>", "a b\tc\nd", "x%7C|y", "<!channel>|>"})
    void render_shouldKeepLinkText_whenValueSitsInUrlPartOfMrkdwnLink(String name) throws Exception {
        // arrange: the value is inside <URL|label>: a | or > in it would end the URL and replace the label
        String link = "<https://shop.example/c/{{name}}|open>";
        MessageTemplate t = MessageTemplate.compile("see " + link,
                "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"see " + link + "\"}}]");

        // act
        JsonNode out = roundTrip(t, row("name", name));

        // assert: still one link whose label is "open", and the URL part carries the value percent-encoded
        String expected = "see <https://shop.example/c/" + SlackText.encodeUrlComponent(name) + "|open>";
        assertThat(out.get("text").asText()).isEqualTo(expected);
        assertThat(out.at("/blocks/0/text/text").asText()).isEqualTo(expected);
        assertThat(expected.chars().filter(c -> c == '|').count()).isEqualTo(1);
        assertThat(expected.chars().filter(c -> c == '>').count()).isEqualTo(1);
    }

    @Test
    void render_shouldEscapeMrkdwn_whenValueSitsInLinkLabelOrOutsideLinks() throws Exception {
        // arrange
        MessageTemplate t = MessageTemplate.compile("{{a}} <https://x.example/{{id}}|{{a}}> {{a}}", null);

        // act
        JsonNode out = roundTrip(t, row("a", "<b>|c", "id", "7/8"));

        // assert
        assertThat(out.get("text").asText()).isEqualTo("&lt;b&gt;|c <https://x.example/7%2F8|&lt;b&gt;|c> &lt;b&gt;|c");
    }

    @Test
    void render_shouldKeepInnerJsonStructure_whenValuesSitInAJsonButtonValue() throws Exception {
        // arrange: the button's value is itself JSON, which the app parses when the button is pressed
        MessageTemplate t = MessageTemplate.compile("x", """
                [{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"ack"},
                  "value":"{\\"customer\\":\\"{{name}}\\",\\"id\\":{{id}},\\"n\\":{{n}}}"}]}]
                """);
        String name = "a\",\"admin\":true,\"x\":\"\\ <&> \u0001";

        // act
        JsonNode out = roundTrip(t, row("name", name, "id", "1,\"admin\":true", "n", "42"));

        // assert: the inner JSON parses, has only the template's keys, and holds the values as given
        JsonNode inner = json.readTree(out.at("/blocks/0/elements/0/value").asText());
        assertThat(inner.size()).isEqualTo(3);
        assertThat(inner.has("admin")).isFalse();
        assertThat(inner.get("customer").asText()).isEqualTo(name);
        assertThat(inner.get("id").isTextual()).isTrue();
        assertThat(inner.get("id").asText()).isEqualTo("1,\"admin\":true");
        assertThat(inner.get("n").isNumber()).isTrue();
        assertThat(inner.get("n").asInt()).isEqualTo(42);
    }

    @Test
    void compile_shouldReject_whenTextIsEmpty() {
        assertThatThrownBy(() -> MessageTemplate.compile("  ", null))
                .isInstanceOf(TemplateException.class).hasMessageContaining("text is empty");
    }

    @Test
    void compile_shouldGiveLocation_whenBlocksAreNotJson() {
        assertThatThrownBy(() -> MessageTemplate.compile("x", "[{\"type\":\"section\",}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("blocks is not valid JSON")
                .hasMessageContaining("line 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"section\"}", "[\"section\"]", "[{\"text\":\"no type\"}]", "42"})
    void compile_shouldReject_whenBlocksAreNotBlockObjects(String blocks) {
        assertThatThrownBy(() -> MessageTemplate.compile("x", blocks))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("blocks");
    }

    @Test
    void compile_shouldReject_whenMustacheIsUnbalanced() {
        assertThatThrownBy(() -> MessageTemplate.compile("{{#a}} open", null))
                .isInstanceOf(TemplateException.class).hasMessageStartingWith("text");
        assertThatThrownBy(() -> MessageTemplate.compile("x",
                "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"{{#a}}\"}}]"))
                .isInstanceOf(TemplateException.class).hasMessageStartingWith("blocks[0].text.text");
    }

    @Test
    void compile_shouldRejectAsTemplateError_whenTemplateUsesPartial() {
        assertThatThrownBy(() -> MessageTemplate.compile("Order {{> footer}}", null))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("text")
                .hasMessageContaining("partials");
        assertThatThrownBy(() -> MessageTemplate.compile("x",
                "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"{{>footer}}\"}}]"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("blocks[0].text.text");
    }

    @Test
    void isUrlField_shouldMatchUrlNames_only() {
        assertThat(MessageTemplate.isUrlField("url")).isTrue();
        assertThat(MessageTemplate.isUrlField("image_url")).isTrue();
        assertThat(MessageTemplate.isUrlField("text")).isFalse();
        assertThat(MessageTemplate.isUrlField("curl")).isFalse();
        assertThat(MessageTemplate.isUrlField(null)).isFalse();
    }
}
