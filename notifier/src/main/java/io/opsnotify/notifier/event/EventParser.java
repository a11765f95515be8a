package io.opsnotify.notifier.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.opsnotify.notifier.base.Json;
import io.opsnotify.notifier.base.SafeText;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what Lambda hands the function: an SNS event ({@code {"Records":[{"Sns":{...}}]}}) or,
 * for a direct invoke, the bare application message {@code {"type":"order.created","id":42}}.
 * Every rejection names what is wrong; values quoted back are shortened so that a hostile or
 * huge event cannot flood the log, and escaped with {@link SafeText#line} so that none can forge
 * a log line or act on a terminal.
 *
 * <p>Both the Lambda input and each SNS {@code Message} must be exactly one JSON document: a
 * second document, trailing content or a key repeated at any depth is rejected
 * ({@link Json#readStrict}), so nothing else reading the same event can see a different one.
 */
public final class EventParser {
    /** An SNS record before its message is parsed, so one bad record does not hide the others. */
    public record Envelope(String messageId, String message, String typeAttribute) {
    }

    static final int MAX_ID_LENGTH = 255;
    private final Set<String> knownTypes;

    public EventParser(Set<String> knownTypes) {
        this.knownTypes = Set.copyOf(knownTypes);
    }

    /** Splits the Lambda input into records; throws when the input as a whole is unusable. */
    public List<Envelope> envelopes(byte[] input) {
        Object root;
        try {
            root = Json.readStrict(input);
        } catch (JsonProcessingException e) {
            throw new EventException("event is not JSON: " + shorten(e.getOriginalMessage(), 200));
        } catch (IOException e) {
            throw new EventException("event could not be read: " + shorten(e.getMessage()));
        }
        if (!(root instanceof Map<?, ?> obj)) {
            throw new EventException("event must be a JSON object, got " + describe(root));
        }
        if (!obj.containsKey("Records")) {
            return List.of(new Envelope(null, Json.string(obj), null));
        }
        if (!(obj.get("Records") instanceof List<?> records) || records.isEmpty()) {
            throw new EventException("Records must be a non-empty array");
        }
        List<Envelope> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            Object record = records.get(i);
            if (!(field(record, "Sns") instanceof Map<?, ?> sns)) {
                throw new EventException("Records[" + i + "] is not an SNS record (no Sns object; EventSource "
                        + shorten(asText(field(record, "EventSource"), "?")) + ")");
            }
            if (!(sns.get("Message") instanceof String message)) {
                throw new EventException("Records[" + i + "].Sns.Message is missing or not a string");
            }
            Object typeAttr = field(sns.get("MessageAttributes"), "type");
            String attr = typeAttr instanceof Map ? asText(field(typeAttr, "Value"), null) : null;
            out.add(new Envelope(asText(sns.get("MessageId"), null), message, attr));
        }
        return out;
    }

    /** Parses and validates one record's message. */
    public NotificationEvent parse(Envelope env) {
        Object msg;
        try {
            msg = Json.readStrict(env.message());
        } catch (JsonProcessingException e) {
            throw new EventException("message is not JSON: " + shorten(e.getOriginalMessage(), 200) + " (message: "
                    + shorten(env.message()) + ")");
        }
        if (!(msg instanceof Map<?, ?> m)) {
            throw new EventException("message must be a JSON object like {\"type\":\"order.created\",\"id\":42}, got "
                    + describe(msg));
        }
        String type = type(m.get("type"), env.typeAttribute());
        if (!knownTypes.contains(type)) {
            throw new EventException("unknown event type '" + shorten(type) + "' (configured: "
                    + String.join(", ", knownTypes.stream().sorted().toList()) + ")");
        }
        return new NotificationEvent(type, id(m.get("id")), env.messageId());
    }

    /** A member of {@code node} when it is an object, else null (databind's {@code path(name)}). */
    private static Object field(Object node, String name) {
        return node instanceof Map<?, ?> m ? m.get(name) : null;
    }

    /** A value as text as databind's {@code asText(dflt)} gave it: dflt for null, "" for objects and arrays. */
    private static String asText(Object v, String dflt) {
        return v == null ? dflt : v instanceof Map || v instanceof List ? "" : v.toString();
    }

    private static String type(Object inMessage, String attribute) {
        String fromMessage = null;
        if (inMessage != null) {
            if (!(inMessage instanceof String s) || s.isBlank()) {
                throw new EventException("type must be a non-empty string, got " + describe(inMessage));
            }
            fromMessage = s;
        }
        if (fromMessage != null && attribute != null && !fromMessage.equals(attribute)) {
            throw new EventException("type in the message ('" + shorten(fromMessage)
                    + "') differs from the SNS message attribute type ('" + shorten(attribute) + "')");
        }
        String type = fromMessage != null ? fromMessage : attribute;
        if (type == null || type.isBlank()) {
            throw new EventException("event has no type (neither \"type\" in the message nor a 'type' message attribute)");
        }
        return type;
    }

    private static EventId id(Object id) {
        if (id == null) {
            throw new EventException("event has no id (expected {\"type\":...,\"id\":42})");
        }
        if (id instanceof Integer || id instanceof Long || id instanceof BigInteger) {
            return new NumericId(id instanceof BigInteger b ? b : BigInteger.valueOf(((Number) id).longValue()));
        }
        if (id instanceof Number) {
            throw new EventException("id must be an integer or a string, got " + shorten(Json.string(id)));
        }
        if (id instanceof String s) {
            if (s.isBlank()) {
                throw new EventException("id is an empty string");
            }
            if (s.length() > MAX_ID_LENGTH) {
                throw new EventException("id is longer than " + MAX_ID_LENGTH + " characters");
            }
            if (s.codePoints().anyMatch(Character::isISOControl)) {
                // no application writes a control character into an id; a database would see it escaped or cut
                throw new EventException("id '" + SafeText.line(s) + "' contains control characters");
            }
            return new TextId(s);
        }
        throw new EventException("id must be a number or a string, got " + describe(id));
    }

    private static String describe(Object n) {
        if (n == Json.NOTHING) {
            return "nothing";
        }
        String kind = n instanceof List ? "an array" : n instanceof Map ? "an object" : n instanceof Boolean ? "a boolean"
                : n == null ? "null" : n instanceof Number ? "a number" : "a string";
        return kind + " " + shorten(Json.string(n));
    }

    /** At most 80 chars of untrusted text, one line, every control/format character escaped. */
    static String shorten(String s) {
        return shorten(s, 80);
    }

    /** At most {@code max} chars of {@link SafeText#line}. */
    static String shorten(String s, int max) {
        if (s == null) {
            return "null";
        }
        // never more than needed through the escape: an event can be megabytes
        String one = SafeText.line(s.length() > max ? s.substring(0, max) : s);
        if (s.length() <= max && one.length() <= max) {
            return one;
        }
        int cut = Character.isHighSurrogate(one.charAt(max - 4)) ? max - 4 : max - 3; // never half an emoji
        return one.substring(0, cut) + "...";
    }
}
