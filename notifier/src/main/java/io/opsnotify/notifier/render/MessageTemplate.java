package io.opsnotify.notifier.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import io.opsnotify.notifier.base.Json;
import io.opsnotify.notifier.render.TemplateException.Part;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Slack message template: a Mustache {@code text} and optional Block Kit {@code blocks}.
 *
 * <p>Safety comes from the data, not from the template syntax: Mustache only ever sees markers
 * for the values, and each marker is then replaced by its value escaped for the context the
 * template's own text puts it in (mrkdwn entities; percent-encoding in URL fields and in the URL
 * part of a mrkdwn link; JSON escaping inside a JSON {@code value}; see {@link #fill}).
 * Mustache's own escaping is off. So {@code {{x}}}, {@code {{{x}}}} and {@code {{&x}}} all
 * insert the same escaped value; no template spelling lets a database value through raw.
 *
 * <p>{@code blocks} is parsed as JSON first and only the string values inside it are templates,
 * so a value can never change the JSON structure (Jackson writes the final JSON). The tree is
 * {@link Json}'s: maps (key order kept), lists and scalars.
 */
public final class MessageTemplate {
    private static final Mustache.Compiler COMPILER = Mustache.compiler()
            .escapeHTML(false)
            .strictSections(false)
            .emptyStringIsFalse(true) // {{#note}}...{{/note}} skips NULL and empty values
            .nullValue("");

    private final String textSource;
    private final Template text;
    private final List<Object> blocksSkeleton;
    private final List<Slot> slots;

    /** A string inside the blocks JSON that holds at least one placeholder: {@code parent} is a Map or a List. */
    private record Slot(Object parent, String key, int index, Template template, Field field) {
    }

    /** What a rendered string is, for escaping the values in it ({@link #fill}). */
    enum Field {
        /** Slack mrkdwn (also used for plain_text and unknown fields: escaping is harmless there). */
        MRKDWN,
        /** A field that holds a URL. */
        URL,
        /** A button's or option's {@code value}: data returned to the app, possibly JSON. */
        VALUE
    }

    /** Marks where a value goes while Mustache runs (private-use characters; templates may not contain them). */
    static final char MARK_START = '\uE000';
    static final char MARK_END = '\uE001';

    private MessageTemplate(String textSource, Template text, List<Object> blocksSkeleton, List<Slot> slots) {
        this.textSource = textSource;
        this.text = text;
        this.blocksSkeleton = blocksSkeleton;
        this.slots = slots;
    }

    /**
     * @param blocksJson Block Kit JSON as the Block Kit Builder writes it: an array of blocks,
     *                   or an object with a {@code blocks} array; null for a text-only message
     * @throws TemplateException naming the problem
     */
    public static MessageTemplate compile(String textSource, String blocksJson) {
        if (textSource == null || textSource.isBlank()) {
            throw new TemplateException(Part.TEXT, "text is empty (Slack shows it in notifications, even with blocks)");
        }
        Template text = compileOne(textSource, Part.TEXT, "text");
        if (blocksJson == null || blocksJson.isBlank()) {
            return new MessageTemplate(textSource, text, null, List.of());
        }
        Object parsed;
        try {
            parsed = Json.read(blocksJson);
        } catch (JsonProcessingException e) {
            throw new TemplateException(Part.BLOCKS, "blocks is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        if (parsed instanceof Map<?, ?> o && o.get("blocks") instanceof List<?> a) {
            parsed = a;
        }
        if (!(parsed instanceof List<?> list)) {
            throw new TemplateException(Part.BLOCKS, "blocks must be a JSON array of blocks (or {\"blocks\": [...]})");
        }
        @SuppressWarnings("unchecked") // Json's arrays are List<Object>
        List<Object> blocks = (List<Object>) list;
        for (int i = 0; i < blocks.size(); i++) {
            if (!(blocks.get(i) instanceof Map<?, ?> b) || !(b.get("type") instanceof String)) {
                throw new TemplateException(Part.BLOCKS, "blocks[" + i + "] is not a block object with a \"type\"");
            }
        }
        List<Slot> slots = new ArrayList<>();
        collectSlots(blocks, "blocks", null, slots);
        return new MessageTemplate(textSource, text, blocks, List.copyOf(slots));
    }

    private static Template compileOne(String source, Part part, String where) {
        if (source.indexOf(MARK_START) >= 0 || source.indexOf(MARK_END) >= 0) {
            throw new TemplateException(part, where + ": contains U+E000 or U+E001, which are reserved");
        }
        Template t;
        try {
            t = COMPILER.compile(source);
        } catch (MustacheException e) {
            throw new TemplateException(part, where + ": " + e.getMessage());
        }
        // JMustache loads {{> name}} and {{< name}} lazily, at the first render; there is no
        // loader, so reject them now rather than fail every event of this type later
        List<String> includes = new ArrayList<>();
        t.visit(new Mustache.Visitor() {
            @Override
            public void visitText(String text) {
            }

            @Override
            public void visitVariable(String name) {
            }

            @Override
            public boolean visitInclude(String name) {
                includes.add(name);
                return false;
            }

            @Override
            public boolean visitParent(String name) {
                includes.add(name);
                return false;
            }

            @Override
            public boolean visitSection(String name) {
                return true;
            }

            @Override
            public boolean visitInvertedSection(String name) {
                return true;
            }
        });
        if (!includes.isEmpty()) {
            throw new TemplateException(part, where + ": partials ({{> " + includes.get(0) + "}}) are not supported");
        }
        return t;
    }

    private static void collectSlots(Object node, String path, String fieldName, List<Slot> out) {
        if (node instanceof Map<?, ?> obj) {
            for (Map.Entry<?, ?> e : obj.entrySet()) {
                String key = (String) e.getKey();
                String childPath = path + "." + key;
                if (e.getValue() instanceof String t && t.contains("{{")) {
                    out.add(new Slot(obj, key, -1, compileOne(t, Part.BLOCKS, childPath), fieldOf(key)));
                } else {
                    collectSlots(e.getValue(), childPath, key, out);
                }
            }
        } else if (node instanceof List<?> arr) {
            for (int i = 0; i < arr.size(); i++) {
                Object child = arr.get(i);
                String childPath = path + "[" + i + "]";
                if (child instanceof String t && t.contains("{{")) {
                    out.add(new Slot(arr, null, i, compileOne(t, Part.BLOCKS, childPath), fieldOf(fieldName)));
                } else {
                    collectSlots(child, childPath, fieldName, out);
                }
            }
        }
    }

    private static Field fieldOf(String name) {
        return isUrlField(name) ? Field.URL : "value".equals(name) ? Field.VALUE : Field.MRKDWN;
    }

    /** Block Kit fields that hold URLs: values there are percent-encoded, not mrkdwn-escaped. */
    static boolean isUrlField(String name) {
        return name != null && (name.equals("url") || name.endsWith("_url"));
    }

    public boolean hasBlocks() {
        return blocksSkeleton != null;
    }

    public String textSource() {
        return textSource;
    }

    /**
     * Renders the Slack payload {@code {"text": ..., "blocks": [...]}}, limits not yet applied.
     *
     * @param row   column label to value (null for SQL NULL), straight from the database
     * @param event the event's own fields (type, id, messageId), reachable as {{event.type}} etc.
     * @throws TemplateException when the template names a value the row does not have
     */
    public Map<String, Object> render(Map<String, String> row, Map<String, String> event) {
        List<String> values = new ArrayList<>();
        Map<String, Object> ctx = markerContext(row, event, values);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", fill(execute(text, ctx, Part.TEXT, "text", row), Field.MRKDWN, values));
        if (blocksSkeleton != null) {
            // render into a fresh copy: the skeleton and its slots are shared by every event
            Map<Object, Object> copies = new IdentityHashMap<>();
            Object blocks = copyTracking(blocksSkeleton, copies);
            for (Slot s : slots) {
                String value = fill(execute(s.template, ctx, Part.BLOCKS, "blocks", row), s.field, values);
                Object parentCopy = copies.get(s.parent);
                if (parentCopy instanceof Map<?, ?> o) {
                    asObject(o).put(s.key, value);
                } else if (parentCopy instanceof List<?> a) {
                    asArray(a).set(s.index, value);
                }
            }
            payload.put("blocks", blocks);
        }
        return payload;
    }

    private static Object copyTracking(Object node, Map<Object, Object> copies) {
        Object copy;
        if (node instanceof Map<?, ?> o) {
            Map<String, Object> c = new LinkedHashMap<>();
            o.forEach((k, v) -> c.put((String) k, copyTracking(v, copies)));
            copy = c;
        } else if (node instanceof List<?> a) {
            List<Object> c = new ArrayList<>(a.size());
            a.forEach(e -> c.add(copyTracking(e, copies)));
            copy = c;
        } else {
            return node; // strings, numbers, booleans and null are immutable
        }
        copies.put(node, copy); // identity map: equal-looking blocks are still distinct slots
        return copy;
    }

    /** Json's objects are {@code Map<String, Object>}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    /** Json's arrays are {@code List<Object>}. */
    @SuppressWarnings("unchecked")
    static List<Object> asArray(List<?> l) {
        return (List<Object>) l;
    }

    private static String execute(Template t, Map<String, Object> ctx, Part part, String where,
                                  Map<String, String> row) {
        try {
            return t.execute(ctx);
        } catch (MustacheException e) {
            throw new TemplateException(part, where + ": " + e.getMessage() + " (the query returned columns "
                    + row.keySet() + ")");
        }
    }

    /**
     * The context Mustache sees: each non-empty value is a marker ({@code U+E000 n U+E001}),
     * replaced by the value escaped for where it landed once the template has run
     * ({@link #fill}). Empty and NULL values stay empty, so {{#x}} sections skip them.
     */
    private static Map<String, Object> markerContext(Map<String, String> row, Map<String, String> event,
                                                     List<String> values) {
        Map<String, Object> ctx = new HashMap<>(row.size() + 2);
        Map<String, Object> ev = new HashMap<>();
        event.forEach((k, v) -> ev.put(k, marker(v, values)));
        ctx.put("event", ev);
        row.forEach((k, v) -> ctx.put(k, marker(v, values))); // a column named "event" wins
        return ctx;
    }

    private static String marker(String raw, List<String> values) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        values.add(cap(raw));
        return MARK_START + Integer.toString(values.size() - 1) + MARK_END;
    }

    /**
     * Replaces each marker in {@code rendered} with its value, escaped for the context the
     * template's own text puts it in:
     * <ul>
     * <li>mrkdwn text: mrkdwn-escaped; but inside the URL part of a link the template wrote,
     *     {@code <https://x/{{v}}|label>} (after {@code <}, before {@code |} or {@code >}),
     *     percent-encoded, so that no {@code |}, {@code >}, space or control character in the
     *     value can end the URL or replace the link's label;</li>
     * <li>URL fields ({@code url}, {@code image_url}, ...): percent-encoded;</li>
     * <li>a {@code value} field whose text is JSON (starts with {@code {} or {@code [}): inside
     *     a JSON string, escaped for JSON; elsewhere a JSON number as is and anything else as a
     *     quoted JSON string, so no value can add keys or change the inner JSON's structure.</li>
     * </ul>
     * Only the template's text moves the state: escaped values cannot hold {@code <}, {@code >}
     * or an unescaped quote.
     */
    static String fill(String rendered, Field field, List<String> values) {
        if (rendered.indexOf(MARK_START) < 0) {
            return rendered;
        }
        boolean json = field == Field.VALUE && startsLikeJson(rendered);
        StringBuilder out = new StringBuilder(rendered.length() + 64);
        int link = 0; // mrkdwn: 0 outside a link, 1 in its URL part, 2 in its label
        boolean inString = false;
        boolean backslash = false;
        for (int i = 0; i < rendered.length(); i++) {
            char c = rendered.charAt(i);
            int end = c == MARK_START ? rendered.indexOf(MARK_END, i) : -1;
            if (end > i) {
                String v = values.get(Integer.parseInt(rendered, i + 1, end, 10));
                if (field == Field.URL) {
                    out.append(SlackText.encodeUrlComponent(v));
                } else if (json) {
                    out.append(inString ? jsonStringContent(v) : jsonLiteral(v));
                } else {
                    out.append(link == 1 ? SlackText.encodeUrlComponent(v) : SlackText.escapeMrkdwn(v));
                }
                i = end;
                continue;
            }
            out.append(c);
            if (json) {
                if (backslash) {
                    backslash = false;
                } else if (c == '\\') {
                    backslash = inString;
                } else if (c == '"') {
                    inString = !inString;
                }
            } else if (c == '<') {
                link = 1;
            } else if (c == '|' && link == 1) {
                link = 2;
            } else if (c == '>') {
                link = 0;
            }
        }
        return out.toString();
    }

    private static boolean startsLikeJson(String s) {
        String t = s.stripLeading();
        return t.startsWith("{") || t.startsWith("[");
    }

    private static final Pattern JSON_NUMBER =
            Pattern.compile("-?(0|[1-9][0-9]{0,30})(\\.[0-9]{1,30})?([eE][+-]?[0-9]{1,5})?");

    private static String jsonLiteral(String v) {
        return JSON_NUMBER.matcher(v).matches() ? v : Json.string(v);
    }

    private static String jsonStringContent(String v) {
        String quoted = Json.string(v);
        return quoted.substring(1, quoted.length() - 1);
    }

    /**
     * Longer than any Slack field: a value cut here still overflows the field it lands in, so
     * {@link BlockKitLimits} cuts that field with a visible mark. Cutting first keeps a huge value
     * (a 1 MB column, in 30 slots) from being copied into every slot before the limits apply.
     */
    static final int MAX_VALUE_CHARS = BlockKitLimits.MESSAGE_TEXT + 1;

    private static String cap(String v) {
        if (v.length() <= MAX_VALUE_CHARS) {
            return v;
        }
        int cut = Character.isHighSurrogate(v.charAt(MAX_VALUE_CHARS - 1)) ? MAX_VALUE_CHARS - 1 : MAX_VALUE_CHARS;
        return v.substring(0, cut);
    }
}
