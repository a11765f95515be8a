package io.opsnotify.notifier.render;

import static io.opsnotify.notifier.render.MessageTemplate.asArray;
import static io.opsnotify.notifier.render.MessageTemplate.asObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a rendered message down to what Slack accepts, so that a long value from the database
 * produces a truncated message with a visible mark instead of a rejected one
 * (limits: Slack's Block Kit reference, summarised in docs/notifier.md). Works on {@link io.opsnotify.notifier.Json}'s
 * tree: maps, lists, scalars.
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
    public static List<String> apply(Map<String, Object> payload) {
        List<String> notes = new ArrayList<>();
        cut(payload, "text", MESSAGE_TEXT, "text", notes);
        if (!(payload.get("blocks") instanceof List<?> list)) {
            return notes;
        }
        List<Object> blocks = asArray(list);
        if (blocks.size() > MAX_BLOCKS) {
            int dropped = blocks.size() - (MAX_BLOCKS - 1);
            while (blocks.size() > MAX_BLOCKS - 1) {
                blocks.remove(blocks.size() - 1);
            }
            Map<String, Object> element = new LinkedHashMap<>();
            element.put("type", "mrkdwn");
            element.put("text", SlackText.TRUNCATION_MARK + ": " + dropped + " more blocks not shown (Slack's limit is "
                    + MAX_BLOCKS + ")");
            List<Object> elements = new ArrayList<>();
            elements.add(element);
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("type", "context");
            ctx.put("elements", elements);
            blocks.add(ctx);
            notes.add("blocks: " + dropped + " blocks dropped");
        }
        for (int i = 0; i < blocks.size(); i++) {
            if (!(blocks.get(i) instanceof Map<?, ?> m)) {
                continue;
            }
            Map<String, Object> b = asObject(m);
            String at = "blocks[" + i + "]";
            cut(b, "block_id", BLOCK_ID, at + ".block_id", notes);
            switch (typeText(b.get("type"))) {
                case "section" -> {
                    cutText(b.get("text"), SECTION_TEXT, at + ".text", notes);
                    if (b.get("fields") instanceof List<?> fl) {
                        List<Object> fields = asArray(fl);
                        trimArray(fields, SECTION_FIELDS, at + ".fields", notes);
                        for (int f = 0; f < fields.size(); f++) {
                            cutText(fields.get(f), FIELD_TEXT, at + ".fields[" + f + "]", notes);
                        }
                    }
                }
                case "header" -> cutText(b.get("text"), HEADER_TEXT, at + ".text", notes);
                case "context" -> {
                    if (b.get("elements") instanceof List<?> el) {
                        List<Object> els = asArray(el);
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

    /** A block's "type" as text: "" when missing, null or not a scalar (none of them a type handled below). */
    private static String typeText(Object type) {
        return type == null || type instanceof Map || type instanceof List ? "" : type.toString();
    }

    private static void cutText(Object textObject, int max, String at, List<String> notes) {
        if (textObject instanceof Map<?, ?> o) {
            cut(asObject(o), "text", max, at + ".text", notes);
        }
    }

    private static void cut(Map<String, Object> o, String field, int max, String at, List<String> notes) {
        if (o.get(field) instanceof String v && v.length() > max) {
            o.put(field, SlackText.truncate(v, max));
            notes.add(at + " cut from " + v.length() + " to " + max + " chars");
        }
    }

    private static void trimArray(List<Object> arr, int max, String at, List<String> notes) {
        if (arr.size() > max) {
            int dropped = arr.size() - max;
            while (arr.size() > max) {
                arr.remove(arr.size() - 1);
            }
            notes.add(at + ": " + dropped + " dropped");
        }
    }

    /** Halves the longest text until all block text together fits; at most 64 rounds. */
    private static void shrinkToTotal(List<Object> blocks, List<String> notes) {
        for (int round = 0; round < 64; round++) {
            List<Map<String, Object>> holders = new ArrayList<>();
            int total = collectTextHolders(blocks, holders);
            if (total <= TOTAL_BLOCK_TEXT || holders.isEmpty()) {
                return;
            }
            Map<String, Object> longest = holders.get(0);
            for (Map<String, Object> h : holders) {
                if (text(h).length() > text(longest).length()) {
                    longest = h;
                }
            }
            int len = text(longest).length();
            int target = Math.max(SlackText.TRUNCATION_MARK.length() + 20, Math.min(len / 2, len - (total - TOTAL_BLOCK_TEXT)));
            if (target >= len) {
                return; // nothing left worth cutting
            }
            longest.put("text", SlackText.truncate(text(longest), target));
            notes.add("blocks: a text cut from " + len + " to " + target + " chars to keep the message under "
                    + TOTAL_BLOCK_TEXT + " chars");
        }
    }

    private static String text(Map<String, Object> holder) {
        return (String) holder.get("text");
    }

    private static int collectTextHolders(Object node, List<Map<String, Object>> out) {
        int total = 0;
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> o = asObject(m);
            if (o.get("text") instanceof String t) {
                out.add(o);
                total += t.length();
            }
            for (Object child : o.values()) {
                total += collectTextHolders(child, out);
            }
        } else if (node instanceof List<?> a) {
            for (Object child : a) {
                total += collectTextHolders(child, out);
            }
        }
        return total;
    }
}
