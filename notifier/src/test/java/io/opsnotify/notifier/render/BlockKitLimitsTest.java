package io.opsnotify.notifier.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opsnotify.notifier.base.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BlockKitLimitsTest {
    static final String MARK = SlackText.TRUNCATION_MARK;
    private final ObjectMapper json = new ObjectMapper();

    private ObjectNode payload(String text) {
        ObjectNode p = json.createObjectNode().put("text", text);
        p.putArray("blocks");
        return p;
    }

    private static ObjectNode section(ArrayNode blocks, String text) {
        ObjectNode b = blocks.addObject().put("type", "section");
        b.putObject("text").put("type", "mrkdwn").put("text", text);
        return b;
    }

    /** BlockKitLimits works on the notifier's tree (maps and lists): apply to a copy of p as such, read back. */
    private List<String> applyTo(ObjectNode p) {
        Map<String, Object> tree = json.convertValue(p, new TypeReference<Map<String, Object>>() { });
        List<String> notes = BlockKitLimits.apply(tree);
        p.removeAll();
        p.setAll((ObjectNode) json.valueToTree(tree));
        return notes;
    }

    private static int totalText(JsonNode n) {
        int total = 0;
        if (n.isObject()) {
            if (n.path("text").isTextual()) {
                total += n.get("text").textValue().length();
            }
            for (JsonNode c : n) {
                total += totalText(c);
            }
        } else if (n.isArray()) {
            for (JsonNode c : n) {
                total += totalText(c);
            }
        }
        return total;
    }

    @Test
    void apply_shouldChangeNothing_whenMessageIsWithinLimits() {
        // arrange
        ObjectNode p = payload("hello");
        section((ArrayNode) p.get("blocks"), "short");
        ObjectNode before = p.deepCopy();

        // act
        List<String> notes = applyTo(p);

        // assert
        assertThat(notes).isEmpty();
        assertThat(p).isEqualTo(before);
    }

    @Test
    void apply_shouldCutSectionTextWithMark_whenLongerThan3000() {
        // arrange
        ObjectNode p = payload("x");
        section((ArrayNode) p.get("blocks"), "s".repeat(3001));

        // act
        List<String> notes = applyTo(p);

        // assert
        String text = p.at("/blocks/0/text/text").asText();
        assertThat(text).hasSize(BlockKitLimits.SECTION_TEXT).endsWith("… (truncated)");
        assertThat(notes).containsExactly("blocks[0].text.text cut from 3001 to 3000 chars");
    }

    @Test
    void apply_shouldKeepSectionText_whenExactly3000() {
        // arrange
        ObjectNode p = payload("x");
        section((ArrayNode) p.get("blocks"), "s".repeat(3000));

        // act
        List<String> notes = applyTo(p);

        // assert
        assertThat(notes).isEmpty();
        assertThat(p.at("/blocks/0/text/text").asText()).doesNotContain(MARK);
    }

    @Test
    void apply_shouldKeep50BlocksWithNote_whenThereAreMore() {
        // arrange
        ObjectNode p = payload("x");
        ArrayNode blocks = (ArrayNode) p.get("blocks");
        for (int i = 0; i < 60; i++) {
            section(blocks, "block " + i);
        }

        // act
        List<String> notes = applyTo(p);

        // assert
        blocks = (ArrayNode) p.get("blocks");
        assertThat(blocks).hasSize(BlockKitLimits.MAX_BLOCKS);
        assertThat(blocks.get(48).at("/text/text").asText()).isEqualTo("block 48");
        JsonNode last = blocks.get(49);
        assertThat(last.path("type").asText()).isEqualTo("context");
        assertThat(last.at("/elements/0/text").asText()).startsWith(MARK).contains("11 more blocks");
        assertThat(notes).contains("blocks: 11 blocks dropped");
    }

    @Test
    void apply_shouldKeepAll_whenExactly50Blocks() {
        // arrange
        ObjectNode p = payload("x");
        ArrayNode blocks = (ArrayNode) p.get("blocks");
        for (int i = 0; i < 50; i++) {
            section(blocks, "block " + i);
        }

        // act
        List<String> notes = applyTo(p);

        // assert
        blocks = (ArrayNode) p.get("blocks");
        assertThat(notes).isEmpty();
        assertThat(blocks).hasSize(50);
        assertThat(blocks.get(49).at("/text/text").asText()).isEqualTo("block 49");
    }

    @Test
    void apply_shouldCutHeader_whenLongerThan150() {
        // arrange
        ObjectNode p = payload("x");
        ObjectNode h = ((ArrayNode) p.get("blocks")).addObject().put("type", "header");
        h.putObject("text").put("type", "plain_text").put("text", "h".repeat(200));

        // act
        List<String> notes = applyTo(p);

        // assert
        assertThat(p.at("/blocks/0/text/text").asText()).hasSize(150).endsWith(MARK);
        assertThat(notes).hasSize(1);
    }

    @Test
    void apply_shouldKeep10Fields_whenSectionHasMore() {
        // arrange
        ObjectNode p = payload("x");
        ObjectNode s = section((ArrayNode) p.get("blocks"), "t");
        ArrayNode fields = s.putArray("fields");
        for (int i = 0; i < 12; i++) {
            fields.addObject().put("type", "mrkdwn").put("text", "f" + i);
        }
        ((ObjectNode) fields.get(3)).put("text", "z".repeat(2500));

        // act
        List<String> notes = applyTo(p);

        // assert
        fields = (ArrayNode) p.at("/blocks/0/fields");
        assertThat(fields).hasSize(BlockKitLimits.SECTION_FIELDS);
        assertThat(fields.get(9).path("text").asText()).isEqualTo("f9");
        assertThat(fields.get(3).path("text").asText()).hasSize(BlockKitLimits.FIELD_TEXT).endsWith(MARK);
        assertThat(notes).contains("blocks[0].fields: 2 dropped");
    }

    @Test
    void apply_shouldCutTopLevelText_whenLongerThan4000() {
        // arrange
        ObjectNode p = json.createObjectNode().put("text", "t".repeat(5000));

        // act
        List<String> notes = applyTo(p);

        // assert
        assertThat(p.get("text").asText()).hasSize(BlockKitLimits.MESSAGE_TEXT).endsWith(MARK);
        assertThat(notes).containsExactly("text cut from 5000 to 4000 chars");
    }

    @Test
    void apply_shouldShrinkUnderTotal_whenAllBlocksTogetherAreTooLong() {
        // arrange: each within its own limit, 6 x 2900 = 17400 together
        ObjectNode p = payload("x");
        ArrayNode blocks = (ArrayNode) p.get("blocks");
        for (int i = 0; i < 6; i++) {
            section(blocks, String.valueOf((char) ('a' + i)).repeat(2900));
        }

        // act
        List<String> notes = applyTo(p);

        // assert
        blocks = (ArrayNode) p.get("blocks");
        assertThat(totalText(blocks)).isLessThanOrEqualTo(BlockKitLimits.TOTAL_BLOCK_TEXT);
        assertThat(blocks).hasSize(6);
        assertThat(notes).isNotEmpty().allSatisfy(n -> assertThat(n).contains("under 12000"));
        int cut = 0;
        for (JsonNode b : blocks) {
            cut += b.at("/text/text").asText().endsWith(MARK) ? 1 : 0;
        }
        assertThat(cut).isPositive();
    }

    @Test
    void apply_shouldNotSplitEntityOrLink_whenCuttingEscapedValue() throws Exception {
        // arrange: a rendered section full of escaped values and a template link
        MessageTemplate t = MessageTemplate.compile("x",
                "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"<https://shop.example/o|open> {{v}}\"}}]");
        Map<String, Object> p = t.render(Map.of("v", "<&>".repeat(2000)), Map.of("type", "t", "id", "1", "messageId", ""));

        // act
        BlockKitLimits.apply(p);

        // assert
        String text = json.valueToTree(p).at("/blocks/0/text/text").asText();
        assertThat(text).hasSizeLessThanOrEqualTo(3000).endsWith(MARK).startsWith("<https://shop.example/o|open> ");
        String body = text.substring(0, text.length() - MARK.length());
        assertThat(body).matches("<https://shop\\.example/o\\|open> (&lt;&amp;&gt;)*(&lt;|&lt;&amp;)?");
    }

    /** Every string in {@code n} with its JSON pointer. */
    private static void strings(JsonNode n, String at, Map<String, String> out) {
        if (n.isTextual()) {
            out.put(at, n.textValue());
        } else if (n.isObject()) {
            n.fields().forEachRemaining(e -> strings(e.getValue(), at + "/" + e.getKey(), out));
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                strings(n.get(i), at + "/" + i, out);
            }
        }
    }

    @Test
    void apply_shouldCutEveryKnownFieldToSlacksLimit_whenValuesAreTooLong() throws Exception {
        // arrange: one of every kind of field Slack limits, each too long by a lot
        String x = "x".repeat(6000);
        ObjectNode p = (ObjectNode) json.readTree("""
                {"text":"t","blocks":[
                 {"type":"actions","block_id":"%1$s","elements":[
                   {"type":"button","text":{"type":"plain_text","text":"%1$s"},"value":"%1$s","url":"https://x/%1$s",
                    "action_id":"%1$s","accessibility_label":"%1$s",
                    "confirm":{"title":{"type":"plain_text","text":"%1$s"},"text":{"type":"plain_text","text":"%1$s"},
                               "confirm":{"type":"plain_text","text":"%1$s"},"deny":{"type":"plain_text","text":"%1$s"}}},
                   {"type":"static_select","placeholder":{"type":"plain_text","text":"%1$s"},
                    "options":[{"text":{"type":"plain_text","text":"%1$s"},"value":"%1$s","description":{"type":"plain_text","text":"%1$s"}}]},
                   {"type":"overflow","options":[{"text":{"type":"plain_text","text":"%1$s"},"value":"%1$s","url":"https://x/%1$s"}]}]},
                 {"type":"image","image_url":"https://x/%1$s","alt_text":"%1$s","title":{"type":"plain_text","text":"%1$s"}},
                 {"type":"context","elements":[{"type":"image","image_url":"https://x/%1$s","alt_text":"%1$s"},
                                               {"type":"mrkdwn","text":"%1$s"}]},
                 {"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"%1$s"},
                                                 {"type":"link","url":"https://x/%1$s","text":"%1$s"}]}]},
                 {"type":"section","text":{"type":"mrkdwn","text":"s"},"x_unknown_field":"%1$s"}]}
                """.formatted(x));

        // act
        List<String> notes = applyTo(p);

        // assert
        Map<String, Integer> limits = Map.ofEntries(
                Map.entry("/blocks/0/block_id", 255),
                Map.entry("/blocks/0/elements/0/text/text", 75),
                Map.entry("/blocks/0/elements/0/value", 2000),
                Map.entry("/blocks/0/elements/0/url", 3000),
                Map.entry("/blocks/0/elements/0/action_id", 255),
                Map.entry("/blocks/0/elements/0/accessibility_label", 75),
                Map.entry("/blocks/0/elements/0/confirm/title/text", 100),
                Map.entry("/blocks/0/elements/0/confirm/text/text", 300),
                Map.entry("/blocks/0/elements/0/confirm/confirm/text", 30),
                Map.entry("/blocks/0/elements/0/confirm/deny/text", 30),
                Map.entry("/blocks/0/elements/1/placeholder/text", 150),
                Map.entry("/blocks/0/elements/1/options/0/text/text", 75),
                Map.entry("/blocks/0/elements/1/options/0/value", 150),
                Map.entry("/blocks/0/elements/1/options/0/description/text", 75),
                Map.entry("/blocks/0/elements/2/options/0/text/text", 75),
                Map.entry("/blocks/0/elements/2/options/0/value", 150),
                Map.entry("/blocks/0/elements/2/options/0/url", 3000),
                Map.entry("/blocks/1/image_url", 3000),
                Map.entry("/blocks/1/alt_text", 2000),
                Map.entry("/blocks/1/title/text", 2000),
                Map.entry("/blocks/2/elements/0/image_url", 3000),
                Map.entry("/blocks/2/elements/0/alt_text", 2000),
                Map.entry("/blocks/2/elements/1/text", 2000),
                Map.entry("/blocks/3/elements/0/elements/0/text", BlockKitLimits.DEFAULT_STRING),
                Map.entry("/blocks/3/elements/0/elements/1/url", 3000),
                Map.entry("/blocks/3/elements/0/elements/1/text", BlockKitLimits.DEFAULT_STRING),
                Map.entry("/blocks/4/x_unknown_field", BlockKitLimits.DEFAULT_STRING));
        Map<String, String> all = new TreeMap<>();
        strings(p, "", all);
        limits.forEach((at, max) -> assertThat(all.get(at)).as(at).isNotNull().hasSizeLessThanOrEqualTo(max)
                .endsWith(at.endsWith("url") ? BlockKitLimits.URL_MARK : max > MARK.length() ? MARK : "…"));
        assertThat(all).allSatisfy((at, v) -> assertThat(v.length()).as(at).isLessThanOrEqualTo(BlockKitLimits.DEFAULT_STRING));
        assertThat(notes).contains("blocks[0].elements[0].text.text cut from 6000 to 75 chars",
                "blocks[0].elements[1].options[0].value cut from 6000 to 150 chars");
    }

    @Test
    void apply_shouldTrimListsToSlacksCounts_whenTemplateRepeatsElements() {
        // arrange: 30 buttons (Slack allows 25 per actions block), 8 overflow options (5)
        ObjectNode p = payload("x");
        ObjectNode actions = ((ArrayNode) p.get("blocks")).addObject().put("type", "actions");
        ArrayNode els = actions.putArray("elements");
        for (int i = 0; i < 30; i++) {
            els.addObject().put("type", "button").put("value", "v" + i).putObject("text").put("type", "plain_text").put("text", "b");
        }
        ArrayNode opts = els.addObject().put("type", "overflow").putArray("options");
        for (int i = 0; i < 8; i++) {
            opts.addObject().put("value", "o" + i).putObject("text").put("type", "plain_text").put("text", "o");
        }

        // act
        List<String> notes = applyTo(p);

        // assert
        assertThat(p.at("/blocks/0/elements")).hasSize(BlockKitLimits.ACTIONS_ELEMENTS);
        assertThat(notes).contains("blocks[0].elements: 6 dropped");
    }

    @Test
    void apply_shouldKeepSerializedPayloadUnderBound_whenEveryFieldIsWithinItsOwnLimit() {
        // arrange: 50 actions blocks x 25 buttons, each value 2000 and url 3000 long: every
        // field is legal on its own, together they are ~6 MB
        ObjectNode p = payload("x");
        ArrayNode blocks = (ArrayNode) p.get("blocks");
        for (int b = 0; b < 50; b++) {
            ArrayNode els = blocks.addObject().put("type", "actions").putArray("elements");
            for (int i = 0; i < 25; i++) {
                ObjectNode btn = els.addObject().put("type", "button").put("value", "v".repeat(2000))
                        .put("url", "https://x/" + "u".repeat(2990));
                btn.putObject("text").put("type", "plain_text").put("text", "open " + i);
            }
        }

        // act
        List<String> notes = applyTo(p);

        // assert
        byte[] body = Json.bytes(json.convertValue(p, Map.class));
        assertThat(body.length).isLessThanOrEqualTo(BlockKitLimits.MAX_PAYLOAD_BYTES);
        assertThat(notes).anySatisfy(n -> assertThat(n).contains(BlockKitLimits.MAX_PAYLOAD_BYTES + " bytes"));
        assertThat(p.at("/blocks/0/elements/0/value").asText()).endsWith(MARK);
    }

    @Test
    void renderAndApply_shouldStayUnderBoundWithoutOom_whenOneMegabyteValueFills30Buttons() {
        // arrange: the incident: a 1 MB value in 30 buttons' text, value and url gave a 115 MB body
        StringBuilder els = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            els.append(i == 0 ? "" : ",").append("""
                    {"type":"button","text":{"type":"plain_text","text":"{{v}}"},"value":"{{v}}","url":"https://x/{{v}}"}""");
        }
        MessageTemplate t = MessageTemplate.compile("{{v}}", "[{\"type\":\"actions\",\"elements\":[" + els + "]}]");
        String mb = "<&>|".repeat(256 * 1024);

        // act
        Map<String, Object> message = t.render(Map.of("v", mb), Map.of("type", "t", "id", "1", "messageId", ""));
        List<String> notes = BlockKitLimits.apply(message);
        byte[] body = Json.bytes(message);

        // assert
        assertThat(body.length).isLessThanOrEqualTo(BlockKitLimits.MAX_PAYLOAD_BYTES);
        assertThat(notes).isNotEmpty();
        JsonNode tree = json.valueToTree(message);
        assertThat(tree.at("/blocks/0/elements")).hasSize(BlockKitLimits.ACTIONS_ELEMENTS);
        for (JsonNode b : tree.at("/blocks/0/elements")) {
            assertThat(b.at("/text/text").asText()).hasSizeLessThanOrEqualTo(75).endsWith(MARK);
            assertThat(b.at("/value").asText()).hasSizeLessThanOrEqualTo(2000).endsWith(MARK);
            assertThat(b.at("/url").asText()).hasSizeLessThanOrEqualTo(3000);
        }
        assertThat(tree.at("/text").asText()).hasSizeLessThanOrEqualTo(BlockKitLimits.MESSAGE_TEXT).endsWith(MARK);
    }
}
