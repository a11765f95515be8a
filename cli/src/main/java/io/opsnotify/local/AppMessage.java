package io.opsnotify.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opsnotify.notifier.db.JdbcRowSource;
import java.math.BigInteger;

/**
 * The application's message {@code {"type":...,"id":...}} as opsnotify's own commands build it
 * (invoke, test-event): a whole number written plainly (the notifier's
 * {@link JdbcRowSource#CANONICAL_INTEGER}: no leading zeros, no '+') goes as a number, anything
 * else as the string it is, so the notifier's id checks see it as typed ({@code 01001} is not
 * quietly turned into 1001).
 */
public final class AppMessage {
    /** Longer digit strings go as strings; no id column holds a number this long anyway. */
    private static final int MAX_NUMBER_LENGTH = 31;

    private AppMessage() {
    }

    public static String json(ObjectMapper json, String type, String id) {
        ObjectNode m = json.createObjectNode().put("type", type);
        if (id.length() <= MAX_NUMBER_LENGTH && JdbcRowSource.CANONICAL_INTEGER.matcher(id).matches()) {
            m.put("id", new BigInteger(id));
        } else {
            m.put("id", id);
        }
        return m.toString();
    }
}
