package io.opsnotify.notifier.render;

import static io.opsnotify.notifier.render.MessageTemplate.asArray;
import static io.opsnotify.notifier.render.MessageTemplate.asObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a rendered message down to what Slack accepts, so that a long value from the database
 * produces a truncated message with a visible mark instead of a rejected one, and so that no
 * value can make the body large (a 1 MB value in 30 buttons once made a 115 MB body).
 *
 * <p>An allow-list of sizes: the whole Block Kit tree is walked and <em>every</em> string at every
 * depth gets a bound, the field's Slack limit where Slack documents one (Block Kit reference,
 * docs.slack.dev/reference/block-kit: blocks, block elements, composition objects; summarised in
 * docs/notifier.md) and {@link #DEFAULT_STRING} for any other field; every list gets a count bound
 * likewise. Then the serialized size of the whole payload is bounded by {@link #MAX_PAYLOAD_BYTES},
 * counted on the tree before anything is serialised. Every cut is noted (the log line's
 * {@code truncated}) and text cuts end in {@link SlackText#TRUNCATION_MARK}. Works on
 * {@link io.opsnotify.notifier.base.Json}'s tree: maps, lists, scalars.
 */
public final class BlockKitLimits {
    public static final int MAX_BLOCKS = 50;
    public static final int SECTION_TEXT = 3000;
    public static final int SECTION_FIELDS = 10;
    public static final int FIELD_TEXT = 2000;
    public static final int HEADER_TEXT = 150;
    public static final int CONTEXT_ELEMENTS = 10;
    public static final int CONTEXT_TEXT = 2000;
    public static final int ACTIONS_ELEMENTS = 25;
    public static final int BLOCK_ID = 255;
    public static final int ACTION_ID = 255;
    public static final int BUTTON_TEXT = 75;
    public static final int BUTTON_VALUE = 2000;
    public static final int URL = 3000;
    public static final int ALT_TEXT = 2000;
    public static final int OPTION_TEXT = 75;
    public static final int OPTION_VALUE = 150;
    public static final int PLACEHOLDER_TEXT = 150;
    /** Any string field Slack documents no tighter limit for (the text object's own maximum). */
    public static final int DEFAULT_STRING = 3000;
    /** Any list Slack documents no tighter count for (a select's options: 100). */
    public static final int DEFAULT_LIST = 100;
    /** Top-level text: Slack accepts more, but truncates display past 4,000. */
    public static final int MESSAGE_TEXT = 4000;
    /** All text in blocks together; around 13 k Slack answers msg_blocks_too_long. */
    public static final int TOTAL_BLOCK_TEXT = 12000;
    /** The serialized payload (UTF-8 bytes), counted before serialising. */
    public static final int MAX_PAYLOAD_BYTES = 40_000;
    /** The mark for a cut URL: a URL must stay a URL, so the ellipsis is percent-encoded. */
    static final String URL_MARK = "%E2%80%A6";

    private BlockKitLimits() {
    }

    /** Applies the limits in place; returns a note for each cut, empty when nothing was cut. */
    public static List<String> apply(Map<String, Object> payload) {
        List<String> notes = new ArrayList<>();
        cut(payload, "text", MESSAGE_TEXT, "text", notes);
        if (!(payload.get("blocks") instanceof List<?> list)) {
            boundPayload(payload, null, notes);
            return notes;
        }
        List<Object> blocks = asArray(list);
        if (blocks.size() > MAX_BLOCKS) {
            int dropped = blocks.size() - (MAX_BLOCKS - 1);
            while (blocks.size() > MAX_BLOCKS - 1) {
                blocks.remove(blocks.size() - 1);
            }
            blocks.add(moreNotShown(dropped, "Slack's limit of " + MAX_BLOCKS + " blocks"));
            notes.add("blocks: " + dropped + " blocks dropped");
        }
        for (int i = 0; i < blocks.size(); i++) {
            walk(blocks.get(i), "", "blocks", "blocks[" + i + "]", notes);
        }
        shrinkToTotal(blocks, notes);
        boundPayload(payload, blocks, notes);
        return notes;
    }

    private static Map<String, Object> moreNotShown(int dropped, String why) {
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("type", "mrkdwn");
        element.put("text", SlackText.TRUNCATION_MARK + ": " + dropped + " more blocks not shown (" + why + ")");
        List<Object> elements = new ArrayList<>();
        elements.add(element);
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("type", "context");
        ctx.put("elements", elements);
        return ctx;
    }

    /**
     * Bounds every string and list under {@code node}.
     *
     * @param ownerType the type of the object that holds {@code node} ("" when none)
     * @param slot      the key under which {@code node} sits in its owner
     */
    private static void walk(Object node, String ownerType, String slot, String at, List<String> notes) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> o = asObject(m);
            String type = typeText(o.get("type"));
            if (type.isEmpty()) {
                type = implicitType(slot);
            }
            for (Map.Entry<String, Object> e : o.entrySet()) {
                String key = e.getKey();
                String childAt = at + "." + key;
                Object v = e.getValue();
                if (v instanceof String str) {
                    int max = stringLimit(type, key, ownerType, slot);
                    if (str.length() > max) {
                        e.setValue(isUrlKey(key) ? truncateUrl(str, max) : SlackText.truncate(str, max));
                        notes.add(childAt + " cut from " + str.length() + " to " + max + " chars");
                    }
                } else if (v instanceof List<?> l) {
                    List<Object> items = asArray(l);
                    trimArray(items, listLimit(type, key), childAt, notes);
                    for (int i = 0; i < items.size(); i++) {
                        Object item = items.get(i);
                        if (item instanceof String str && str.length() > DEFAULT_STRING) {
                            items.set(i, SlackText.truncate(str, DEFAULT_STRING));
                            notes.add(childAt + "[" + i + "] cut from " + str.length() + " to " + DEFAULT_STRING + " chars");
                        } else {
                            walk(item, type, key, childAt + "[" + i + "]", notes);
                        }
                    }
                } else {
                    walk(v, type, key, childAt, notes);
                }
            }
        }
    }

    /** Objects Slack gives no "type": named by where they sit. */
    private static String implicitType(String slot) {
        return switch (slot) {
            case "options", "initial_option", "initial_options" -> "option";
            case "option_groups" -> "option_group";
            case "confirm" -> "confirm";
            default -> "";
        };
    }

    static boolean isUrlKey(String key) {
        return key.equals("url") || key.endsWith("_url");
    }

    /** The Slack limit of string field {@code key} of an object of {@code type} held by {@code ownerType} under {@code slot}. */
    private static int stringLimit(String type, String key, String ownerType, String slot) {
        if (isUrlKey(key)) {
            return URL;
        }
        return switch (key) {
            case "block_id" -> BLOCK_ID;
            case "action_id" -> ACTION_ID;
            case "alt_text" -> ALT_TEXT;
            case "accessibility_label" -> BUTTON_TEXT;
            case "value" -> type.equals("option") ? OPTION_VALUE : BUTTON_VALUE;
            case "text" -> type.equals("plain_text") || type.equals("mrkdwn") ? textLimit(ownerType, slot) : DEFAULT_STRING;
            default -> DEFAULT_STRING;
        };
    }

    /** The limit of a text object's text, by where the text object sits. */
    private static int textLimit(String owner, String slot) {
        if (slot.equals("placeholder")) {
            return PLACEHOLDER_TEXT;
        }
        return switch (owner) {
            case "header" -> HEADER_TEXT;
            case "section" -> slot.equals("fields") ? FIELD_TEXT : SECTION_TEXT;
            case "context" -> CONTEXT_TEXT;
            case "button" -> BUTTON_TEXT;
            case "option", "option_group" -> OPTION_TEXT;
            case "confirm" -> switch (slot) {
                case "title" -> 100;
                case "text" -> 300;
                default -> 30; // confirm, deny
            };
            case "image", "video" -> 2000;
            default -> DEFAULT_STRING;
        };
    }

    private static int listLimit(String type, String key) {
        return switch (type + "." + key) {
            case "section.fields" -> SECTION_FIELDS;
            case "context.elements" -> CONTEXT_ELEMENTS;
            case "actions.elements" -> ACTIONS_ELEMENTS;
            case "overflow.options" -> 5;
            case "checkboxes.options", "radio_buttons.options" -> 10;
            default -> DEFAULT_LIST;
        };
    }

    /** A block's "type" as text: "" when missing, null or not a scalar (none of them a type handled below). */
    private static String typeText(Object type) {
        return type == null || type instanceof Map || type instanceof List ? "" : type.toString();
    }

    private static void cut(Map<String, Object> o, String field, int max, String at, List<String> notes) {
        if (o.get(field) instanceof String v && v.length() > max) {
            o.put(field, SlackText.truncate(v, max));
            notes.add(at + " cut from " + v.length() + " to " + max + " chars");
        }
    }

    /** A URL cut to {@code max}: never inside a %XX escape or a surrogate pair, marked with {@link #URL_MARK}. */
    static String truncateUrl(String url, int max) {
        if (url.length() <= max) {
            return url;
        }
        int cut = Math.max(0, max - URL_MARK.length());
        int pct = url.lastIndexOf('%', cut - 1);
        if (pct >= 0 && cut - pct < 3) {
            cut = pct;
        }
        if (cut > 0 && Character.isHighSurrogate(url.charAt(cut - 1))) {
            cut--;
        }
        return url.substring(0, cut) + URL_MARK;
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

    /** A string in the tree, where it sits: a map's key or a list's index. */
    private record Holder(Object parent, String key, int index, String value) {
        void set(String v) {
            if (parent instanceof Map<?, ?> m) {
                asObject(m).put(key, v);
            } else {
                asArray((List<?>) parent).set(index, v);
            }
        }
    }

    /**
     * Keeps the serialized payload under {@link #MAX_PAYLOAD_BYTES}, counted on the tree: cuts
     * the longest strings in the blocks to a common length until it fits, then, if the blocks'
     * structure alone is too big, drops blocks from the end (with a visible "not shown" note).
     */
    private static void boundPayload(Map<String, Object> payload, List<Object> blocks, List<String> notes) {
        long size = jsonBytes(payload);
        if (size <= MAX_PAYLOAD_BYTES || blocks == null) {
            return;
        }
        long before = size;
        int floor = SlackText.TRUNCATION_MARK.length() + 20;
        for (int round = 0; round < 8 && size > MAX_PAYLOAD_BYTES; round++) {
            List<Holder> holders = new ArrayList<>();
            collectStrings(blocks, null, null, -1, holders);
            int longest = 0;
            for (Holder h : holders) {
                longest = Math.max(longest, h.value.length());
            }
            if (longest <= floor) {
                break;
            }
            // the largest common length L that brings the size under the bound, estimated with
            // each string's own bytes per char; the next round corrects the estimate
            long excess = size - MAX_PAYLOAD_BYTES;
            int lo = floor;
            int hi = longest;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (saved(holders, mid) >= excess) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            int cap = Math.max(floor, lo - round * 16);
            int cuts = 0;
            for (Holder h : holders) {
                if (h.value.length() > cap) {
                    h.set(h.key != null && isUrlKey(h.key) ? truncateUrl(h.value, cap) : SlackText.truncate(h.value, cap));
                    cuts++;
                }
            }
            if (cuts == 0) {
                break;
            }
            size = jsonBytes(payload);
        }
        int dropped = 0;
        while (size > MAX_PAYLOAD_BYTES && blocks.size() > 1) {
            if (dropped > 0) {
                blocks.remove(blocks.size() - 1); // the previous "not shown" note
            }
            blocks.remove(blocks.size() - 1);
            dropped++;
            blocks.add(moreNotShown(dropped, "the message's size limit of " + MAX_PAYLOAD_BYTES + " bytes"));
            size = jsonBytes(payload);
        }
        notes.add("payload: cut from about " + before + " to " + size + " bytes to stay under "
                + MAX_PAYLOAD_BYTES + " bytes" + (dropped > 0 ? " (" + dropped + " blocks dropped)" : ""));
    }

    /** Bytes saved by cutting every string longer than {@code cap} to {@code cap}, estimated. */
    private static long saved(List<Holder> holders, int cap) {
        long saved = 0;
        for (Holder h : holders) {
            int len = h.value.length();
            if (len > cap) {
                double perChar = (double) stringBytes(h.value) / len;
                saved += (long) ((len - cap) * perChar);
            }
        }
        return saved;
    }

    private static void collectStrings(Object node, Object parent, String key, int index, List<Holder> out) {
        if (node instanceof String s) {
            if (!"type".equals(key)) {
                out.add(new Holder(parent, key, index, s));
            }
        } else if (node instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : asObject(m).entrySet()) {
                collectStrings(e.getValue(), m, e.getKey(), -1, out);
            }
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                collectStrings(l.get(i), l, null, i, out);
            }
        }
    }

    /** The size of {@code node} as compact UTF-8 JSON, counted without writing it. */
    static long jsonBytes(Object node) {
        if (node instanceof String s) {
            return stringBytes(s);
        }
        if (node instanceof Map<?, ?> m) {
            long n = 2 + Math.max(0, m.size() - 1);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n += stringBytes(String.valueOf(e.getKey())) + 1 + jsonBytes(e.getValue());
            }
            return n;
        }
        if (node instanceof List<?> l) {
            long n = 2 + Math.max(0, l.size() - 1);
            for (Object e : l) {
                n += jsonBytes(e);
            }
            return n;
        }
        return String.valueOf(node).length(); // numbers, booleans, null
    }

    /** A JSON string's UTF-8 bytes with its quotes and escapes (an upper bound for control characters). */
    static long stringBytes(String s) {
        long n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                n += 2;
            } else if (c < 0x20) {
                n += 6;
            } else if (c < 0x80) {
                n += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                n += 2; // a surrogate pair is 4 bytes: 2 per half
            } else {
                n += 3;
            }
        }
        return n;
    }
}
