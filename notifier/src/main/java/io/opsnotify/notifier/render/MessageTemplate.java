package io.opsnotify.notifier.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
 * so a value can never change the JSON structure (Jackson writes the final JSON).
 */
public final class MessageTemplate {
    private static final Mustache.Compiler COMPILER = Mustache.compiler()
            .escapeHTML(false)
            .strictSections(false)
            .emptyStringIsFalse(true) // {{#note}}...{{/note}} skips NULL and empty values
            .nullValue("");

    private final String textSource;
    private final Template text;
    private final JsonNode blocksSkeleton;
    private final List<Slot> slots;

    /** A string inside the blocks JSON that holds at least one placeholder. */
    private record Slot(ContainerNode<?> parent, String field, int index, Template template, boolean url) {
    }

    private MessageTemplate(String textSource, Template text, JsonNode blocksSkeleton, List<Slot> slots) {
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
    public static MessageTemplate compile(String textSource, String blocksJson, ObjectMapper json) {
        if (textSource == null || textSource.isBlank()) {
            throw new TemplateException("text is empty (Slack shows it in notifications, even with blocks)");
        }
        Template text = compileOne(textSource, "text");
        if (blocksJson == null || blocksJson.isBlank()) {
            return new MessageTemplate(textSource, text, null, List.of());
        }
        JsonNode parsed;
        try {
            parsed = json.readTree(blocksJson);
        } catch (JsonProcessingException e) {
            throw new TemplateException("blocks is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        if (parsed instanceof ObjectNode o && o.get("blocks") instanceof ArrayNode a) {
            parsed = a;
        }
        if (!(parsed instanceof ArrayNode blocks)) {
            throw new TemplateException("blocks must be a JSON array of blocks (or {\"blocks\": [...]})");
        }
        for (int i = 0; i < blocks.size(); i++) {
            if (!(blocks.get(i) instanceof ObjectNode b) || !b.path("type").isTextual()) {
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

    private static void collectSlots(JsonNode node, String path, String fieldName, List<Slot> out) {
        if (node instanceof ObjectNode obj) {
            var it = obj.fields();
            while (it.hasNext()) {
                var e = it.next();
                String childPath = path + "." + e.getKey();
                if (e.getValue() instanceof TextNode t && t.textValue().contains("{{")) {
                    out.add(new Slot(obj, e.getKey(), -1, compileOne(t.textValue(), childPath), isUrlField(e.getKey())));
                } else {
                    collectSlots(e.getValue(), childPath, e.getKey(), out);
                }
            }
        } else if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                JsonNode child = arr.get(i);
                String childPath = path + "[" + i + "]";
                if (child instanceof TextNode t && t.textValue().contains("{{")) {
                    out.add(new Slot(arr, null, i, compileOne(t.textValue(), childPath), isUrlField(fieldName)));
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
    public ObjectNode render(Map<String, String> row, Map<String, String> event, ObjectMapper json) {
        Map<String, Object> mrkdwn = escapedContext(row, event, false);
        ObjectNode payload = json.createObjectNode();
        payload.put("text", execute(text, mrkdwn, "text", row));
        if (blocksSkeleton != null) {
            Map<String, Object> url = slots.stream().anyMatch(Slot::url) ? escapedContext(row, event, true) : mrkdwn;
            // render into a fresh copy: the skeleton and its slots are shared by every event
            Map<JsonNode, JsonNode> copies = new IdentityHashMap<>();
            JsonNode blocks = copyTracking(blocksSkeleton, copies);
            for (Slot s : slots) {
                String value = execute(s.template, s.url ? url : mrkdwn, "blocks", row);
                JsonNode parentCopy = copies.get(s.parent);
                if (parentCopy instanceof ObjectNode o) {
                    o.put(s.field, value);
                } else if (parentCopy instanceof ArrayNode a) {
                    a.set(s.index, TextNode.valueOf(value));
                }
            }
            payload.set("blocks", blocks);
        }
        return payload;
    }

    private static JsonNode copyTracking(JsonNode node, Map<JsonNode, JsonNode> copies) {
        JsonNode copy;
        if (node instanceof ObjectNode o) {
            ObjectNode c = o.objectNode();
            o.fields().forEachRemaining(e -> c.set(e.getKey(), copyTracking(e.getValue(), copies)));
            copy = c;
        } else if (node instanceof ArrayNode a) {
            ArrayNode c = a.arrayNode(a.size());
            a.forEach(e -> c.add(copyTracking(e, copies)));
            copy = c;
        } else {
            return node; // value nodes are immutable
        }
        copies.put(node, copy); // identity map: equal-looking blocks are still distinct slots
        return copy;
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

    private static String escape(String v, boolean url) {
        if (v == null) {
            return "";
        }
        return url ? SlackText.encodeUrlComponent(v) : SlackText.escapeMrkdwn(v);
    }
}
