package io.opsnotify.notifier.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads what Lambda hands the function: an SNS event ({@code {"Records":[{"Sns":{...}}]}}) or,
 * for a direct invoke, the bare application message {@code {"type":"order.created","id":42}}.
 * Every rejection names what is wrong; values quoted back are shortened so that a hostile or
 * huge event cannot flood the log.
 */
public final class EventParser {
    /** An SNS record before its message is parsed, so one bad record does not hide the others. */
    public record Envelope(String messageId, String message, String typeAttribute) {
    }

    static final int MAX_ID_LENGTH = 255;
    private final ObjectMapper json;
    private final Set<String> knownTypes;

    public EventParser(ObjectMapper json, Set<String> knownTypes) {
        this.json = json;
        this.knownTypes = Set.copyOf(knownTypes);
    }

    /** Splits the Lambda input into records; throws when the input as a whole is unusable. */
    public List<Envelope> envelopes(byte[] input) {
        JsonNode root;
        try {
            root = json.readTree(input);
        } catch (JsonProcessingException e) {
            throw new EventException("event is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new EventException("event could not be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || !(root instanceof ObjectNode obj)) {
            throw new EventException("event must be a JSON object, got " + describe(root));
        }
        if (!obj.has("Records")) {
            return List.of(new Envelope(null, obj.toString(), null));
        }
        if (!(obj.get("Records") instanceof ArrayNode records) || records.isEmpty()) {
            throw new EventException("Records must be a non-empty array");
        }
        List<Envelope> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            JsonNode sns = records.get(i).path("Sns");
            if (!sns.isObject()) {
                throw new EventException("Records[" + i + "] is not an SNS record (no Sns object; EventSource "
                        + shorten(records.get(i).path("EventSource").asText("?")) + ")");
            }
            JsonNode message = sns.get("Message");
            if (message == null || !message.isTextual()) {
                throw new EventException("Records[" + i + "].Sns.Message is missing or not a string");
            }
            JsonNode typeAttr = sns.path("MessageAttributes").path("type");
            String attr = typeAttr.isObject() ? typeAttr.path("Value").asText(null) : null;
            out.add(new Envelope(sns.path("MessageId").asText(null), message.textValue(), attr));
        }
        return out;
    }

    /** Parses and validates one record's message. */
    public NotificationEvent parse(Envelope env) {
        JsonNode msg;
        try {
            msg = json.readTree(env.message());
        } catch (JsonProcessingException e) {
            throw new EventException("message is not JSON: " + e.getOriginalMessage() + " (message: "
                    + shorten(env.message()) + ")");
        }
        if (!(msg instanceof ObjectNode m)) {
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

    private static String type(JsonNode inMessage, String attribute) {
        String fromMessage = null;
        if (inMessage != null && !inMessage.isNull()) {
            if (!inMessage.isTextual() || inMessage.textValue().isBlank()) {
                throw new EventException("type must be a non-empty string, got " + describe(inMessage));
            }
            fromMessage = inMessage.textValue();
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

    private static Object id(JsonNode id) {
        if (id == null || id.isNull()) {
            throw new EventException("event has no id (expected {\"type\":...,\"id\":42})");
        }
        if (id.isIntegralNumber()) {
            BigInteger big = id.bigIntegerValue();
            return big.bitLength() < 64 ? (Object) big.longValueExact() : big;
        }
        if (id.isNumber()) {
            throw new EventException("id must be an integer or a string, got " + shorten(id.toString()));
        }
        if (id.isTextual()) {
            String s = id.textValue();
            if (s.isBlank()) {
                throw new EventException("id is an empty string");
            }
            if (s.length() > MAX_ID_LENGTH) {
                throw new EventException("id is longer than " + MAX_ID_LENGTH + " characters");
            }
            return s;
        }
        throw new EventException("id must be a number or a string, got " + describe(id));
    }

    private static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        String kind = n.isArray() ? "an array" : n.isObject() ? "an object" : n.isBoolean() ? "a boolean"
                : n.isNull() ? "null" : n.isNumber() ? "a number" : "a string";
        return kind + " " + shorten(n.toString());
    }

    /** At most 80 chars of untrusted text, one line. */
    static String shorten(String s) {
        if (s == null) {
            return "null";
        }
        String one = s.replaceAll("\\p{Cntrl}", " ");
        if (one.length() <= 80) {
            return one;
        }
        int cut = Character.isHighSurrogate(one.charAt(76)) ? 76 : 77; // never half an emoji
        return one.substring(0, cut) + "...";
    }
}
