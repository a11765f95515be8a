package io.opsnotify.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The application's message {@code {"type":...,"id":...}} as opsnotify's own commands build it
 * (invoke, test-event): an all-digit id goes as a number, anything else as a string, as an
 * application would send them.
 */
public final class AppMessage {
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,30}");

    private AppMessage() {
    }

    public static String json(ObjectMapper json, String type, String id) {
        ObjectNode m = json.createObjectNode().put("type", type);
        if (INTEGER.matcher(id).matches()) {
            m.put("id", new BigInteger(id));
        } else {
            m.put("id", id);
        }
        return m.toString();
    }
}
