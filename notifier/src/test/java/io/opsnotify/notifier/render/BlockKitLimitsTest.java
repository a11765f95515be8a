package io.opsnotify.notifier.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
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
}
