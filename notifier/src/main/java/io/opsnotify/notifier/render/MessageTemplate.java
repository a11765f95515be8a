package io.opsnotify.notifier.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import io.opsnotify.notifier.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Slack message template: a Mustache {@code text} and optional Block Kit {@code blocks}.
 *
 * <p>Safety comes from the data, not from the template syntax: every value is escaped before
 * Mustache sees it (mrkdwn entities, or percent-encoding in URL fields), and Mustache's own
 * escaping is off. So {@code {{x}}}, {@code {{{x}}}} and {@code {{&x}}} all insert the same
 * escaped value; no template spelling lets a database value through raw.
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
    private record Slot(Object parent, String field, int index, Template template, boolean url) {
    }

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
            throw new TemplateException("text is empty (Slack shows it in notifications, even with blocks)");
        }
        Template text = compileOne(textSource, "text");
        if (blocksJson == null || blocksJson.isBlank()) {
            return new MessageTemplate(textSource, text, null, List.of());
        }
        Object parsed;
        try {
            parsed = Json.read(blocksJson);
        } catch (JsonProcessingException e) {
            throw new TemplateException("blocks is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        if (parsed instanceof Map<?, ?> o && o.get("blocks") instanceof List<?> a) {
            parsed = a;
        }
        if (!(parsed instanceof List<?> list)) {
            throw new TemplateException("blocks must be a JSON array of blocks (or {\"blocks\": [...]})");
        }
        @SuppressWarnings("unchecked") // Json's arrays are List<Object>
        List<Object> blocks = (List<Object>) list;
        for (int i = 0; i < blocks.size(); i++) {
            if (!(blocks.get(i) instanceof Map<?, ?> b) || !(b.get("type") instanceof String)) {
                throw new TemplateException("blocks[" + i + "] is not a block object with a \"type\"");
            }
        }
        List<Slot> slots = new ArrayList<>();
        collectSlots(blocks, "blocks", null, slots);
        return new MessageTemplate(textSource, text, blocks, List.copyOf(slots));
    }

    private static Template compileOne(String source, String where) {
        Template t;
        try {
            t = COMPILER.compile(source);
        } catch (MustacheException e) {
            throw new TemplateException(where + ": " + e.getMessage());
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
            throw new TemplateException(where + ": partials ({{> " + includes.get(0) + "}}) are not supported");
        }
        return t;
    }

    private static void collectSlots(Object node, String path, String fieldName, List<Slot> out) {
        if (node instanceof Map<?, ?> obj) {
            for (Map.Entry<?, ?> e : obj.entrySet()) {
                String key = (String) e.getKey();
                String childPath = path + "." + key;
                if (e.getValue() instanceof String t && t.contains("{{")) {
                    out.add(new Slot(obj, key, -1, compileOne(t, childPath), isUrlField(key)));
                } else {
                    collectSlots(e.getValue(), childPath, key, out);
                }
            }
        } else if (node instanceof List<?> arr) {
            for (int i = 0; i < arr.size(); i++) {
                Object child = arr.get(i);
                String childPath = path + "[" + i + "]";
                if (child instanceof String t && t.contains("{{")) {
                    out.add(new Slot(arr, null, i, compileOne(t, childPath), isUrlField(fieldName)));
                } else {
                    collectSlots(child, childPath, fieldName, out);
                }
            }
        }
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
        Map<String, Object> mrkdwn = escapedContext(row, event, false);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", execute(text, mrkdwn, "text", row));
        if (blocksSkeleton != null) {
            Map<String, Object> url = slots.stream().anyMatch(Slot::url) ? escapedContext(row, event, true) : mrkdwn;
            // render into a fresh copy: the skeleton and its slots are shared by every event
            Map<Object, Object> copies = new IdentityHashMap<>();
            Object blocks = copyTracking(blocksSkeleton, copies);
            for (Slot s : slots) {
                String value = execute(s.template, s.url ? url : mrkdwn, "blocks", row);
                Object parentCopy = copies.get(s.parent);
                if (parentCopy instanceof Map<?, ?> o) {
                    asObject(o).put(s.field, value);
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

    private static String execute(Template t, Map<String, Object> ctx, String where, Map<String, String> row) {
        try {
            return t.execute(ctx);
        } catch (MustacheException e) {
            throw new TemplateException(where + ": " + e.getMessage() + " (the query returned columns "
                    + row.keySet() + ")");
        }
    }

    private static Map<String, Object> escapedContext(Map<String, String> row, Map<String, String> event, boolean url) {
        Map<String, Object> ctx = new HashMap<>(row.size() + 2);
        Map<String, Object> ev = new HashMap<>();
        event.forEach((k, v) -> ev.put(k, escape(v, url)));
        ctx.put("event", ev);
        row.forEach((k, v) -> ctx.put(k, escape(v, url))); // a column named "event" wins
        return ctx;
    }

    /**
     * Longer than any Slack field: a value cut here still overflows the field it lands in, so
     * {@link BlockKitLimits} cuts that field with a visible mark. Cutting first keeps a huge value
     * (a 1 MB column, in 30 slots) from being copied into every slot before the limits apply.
     */
    static final int MAX_VALUE_CHARS = BlockKitLimits.MESSAGE_TEXT + 1;

    private static String escape(String raw, boolean url) {
        if (raw == null) {
            return "";
        }
        String v = raw;
        if (v.length() > MAX_VALUE_CHARS) {
            int cut = Character.isHighSurrogate(v.charAt(MAX_VALUE_CHARS - 1)) ? MAX_VALUE_CHARS - 1 : MAX_VALUE_CHARS;
            v = v.substring(0, cut);
        }
        return url ? SlackText.encodeUrlComponent(v) : SlackText.escapeMrkdwn(v);
    }
}
