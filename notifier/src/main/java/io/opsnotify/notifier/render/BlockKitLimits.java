package io.opsnotify.notifier.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a rendered message down to what Slack accepts, so that a long value from the database
 * produces a truncated message with a visible mark instead of a rejected one
 * (limits: ../shared/reference/FACTS.md, "Block Kit").
 */
public final class BlockKitLimits {
    public static final int MAX_BLOCKS = 50;
    public static final int SECTION_TEXT = 3000;
    public static final int SECTION_FIELDS = 10;
    public static final int FIELD_TEXT = 2000;
    public static final int HEADER_TEXT = 150;
    public static final int CONTEXT_ELEMENTS = 10;
    public static final int CONTEXT_TEXT = 2000;
    public static final int BLOCK_ID = 255;
    /** Top-level text: Slack accepts more, but truncates display past 4,000. */
    public static final int MESSAGE_TEXT = 4000;
    /** All text in blocks together; around 13 k Slack answers msg_blocks_too_long. */
    public static final int TOTAL_BLOCK_TEXT = 12000;

    private BlockKitLimits() {
    }

    /** Applies the limits in place; returns a note for each cut, empty when nothing was cut. */
    public static List<String> apply(ObjectNode payload) {
        List<String> notes = new ArrayList<>();
        cut(payload, "text", MESSAGE_TEXT, "text", notes);
        if (!(payload.get("blocks") instanceof ArrayNode blocks)) {
            return notes;
        }
        if (blocks.size() > MAX_BLOCKS) {
            int dropped = blocks.size() - (MAX_BLOCKS - 1);
            while (blocks.size() > MAX_BLOCKS - 1) {
                blocks.remove(blocks.size() - 1);
            }
            ObjectNode ctx = blocks.addObject().put("type", "context");
            ctx.putArray("elements").addObject().put("type", "mrkdwn")
                    .put("text", SlackText.TRUNCATION_MARK + ": " + dropped + " more blocks not shown (Slack's limit is "
                            + MAX_BLOCKS + ")");
            notes.add("blocks: " + dropped + " blocks dropped");
        }
        for (int i = 0; i < blocks.size(); i++) {
            if (!(blocks.get(i) instanceof ObjectNode b)) {
                continue;
            }
            String at = "blocks[" + i + "]";
            cut(b, "block_id", BLOCK_ID, at + ".block_id", notes);
            switch (b.path("type").asText()) {
                case "section" -> {
                    cutText(b.get("text"), SECTION_TEXT, at + ".text", notes);
                    if (b.get("fields") instanceof ArrayNode fields) {
                        trimArray(fields, SECTION_FIELDS, at + ".fields", notes);
                        for (int f = 0; f < fields.size(); f++) {
                            cutText(fields.get(f), FIELD_TEXT, at + ".fields[" + f + "]", notes);
                        }
                    }
                }
                case "header" -> cutText(b.get("text"), HEADER_TEXT, at + ".text", notes);
                case "context" -> {
                    if (b.get("elements") instanceof ArrayNode els) {
                        trimArray(els, CONTEXT_ELEMENTS, at + ".elements", notes);
                        for (int e = 0; e < els.size(); e++) {
                            cutText(els.get(e), CONTEXT_TEXT, at + ".elements[" + e + "]", notes);
                        }
                    }
                }
                default -> {
                    // other block types carry no free text of ours that Slack limits tightly
                }
            }
        }
        shrinkToTotal(blocks, notes);
        return notes;
    }

    private static void cutText(JsonNode textObject, int max, String at, List<String> notes) {
        if (textObject instanceof ObjectNode o) {
            cut(o, "text", max, at + ".text", notes);
        }
    }

    private static void cut(ObjectNode o, String field, int max, String at, List<String> notes) {
        JsonNode v = o.get(field);
        if (v != null && v.isTextual() && v.textValue().length() > max) {
            o.put(field, SlackText.truncate(v.textValue(), max));
            notes.add(at + " cut from " + v.textValue().length() + " to " + max + " chars");
        }
    }

    private static void trimArray(ArrayNode arr, int max, String at, List<String> notes) {
        if (arr.size() > max) {
            int dropped = arr.size() - max;
            while (arr.size() > max) {
                arr.remove(arr.size() - 1);
            }
            notes.add(at + ": " + dropped + " dropped");
        }
    }

    /** Halves the longest text until all block text together fits; at most 64 rounds. */
    private static void shrinkToTotal(ArrayNode blocks, List<String> notes) {
        for (int round = 0; round < 64; round++) {
            List<ObjectNode> holders = new ArrayList<>();
            int total = collectTextHolders(blocks, holders);
            if (total <= TOTAL_BLOCK_TEXT || holders.isEmpty()) {
                return;
            }
            ObjectNode longest = holders.get(0);
            for (ObjectNode h : holders) {
                if (h.get("text").textValue().length() > longest.get("text").textValue().length()) {
                    longest = h;
                }
            }
            int len = longest.get("text").textValue().length();
            int target = Math.max(SlackText.TRUNCATION_MARK.length() + 20, Math.min(len / 2, len - (total - TOTAL_BLOCK_TEXT)));
            if (target >= len) {
                return; // nothing left worth cutting
            }
            longest.put("text", SlackText.truncate(longest.get("text").textValue(), target));
            notes.add("blocks: a text cut from " + len + " to " + target + " chars to keep the message under "
                    + TOTAL_BLOCK_TEXT + " chars");
        }
    }

    private static int collectTextHolders(JsonNode node, List<ObjectNode> out) {
        int total = 0;
        if (node instanceof ObjectNode o) {
            JsonNode t = o.get("text");
            if (t != null && t.isTextual()) {
                out.add(o);
                total += t.textValue().length();
            }
            for (JsonNode child : o) {
                total += collectTextHolders(child, out);
            }
        } else if (node instanceof ArrayNode a) {
            for (JsonNode child : a) {
                total += collectTextHolders(child, out);
            }
        }
        return total;
    }
}
