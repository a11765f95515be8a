package io.opsnotify.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opsnotify.notifier.event.EventId;
import io.opsnotify.notifier.event.NumericId;
import io.opsnotify.notifier.event.TextId;
import java.math.BigInteger;

/**
 * The application's message {@code {"type":...,"id":...}} as opsnotify's own commands build it
 * (invoke, test-event): a whole number written plainly (the notifier's
 * {@link EventId#CANONICAL_INTEGER}: no leading zeros, no '+') goes as a number, anything
 * else as the string it is, so the notifier's id checks see it as typed ({@code 01001} is not
 * quietly turned into 1001).
 */
public final class AppMessage {
    /** Longer digit strings go as strings; no id column holds a number this long anyway. */
    private static final int MAX_NUMBER_LENGTH = 31;

    private AppMessage() {
    }

    /** The id an operator typed ({@code --id}), typed as the application would have sent it. */
    public static EventId id(String typed) {
        if (typed.length() <= MAX_NUMBER_LENGTH && EventId.CANONICAL_INTEGER.matcher(typed).matches()) {
            return new NumericId(new BigInteger(typed));
        }
        return new TextId(typed);
    }

    public static String json(ObjectMapper json, String type, String id) {
        ObjectNode m = json.createObjectNode().put("type", type);
        EventId typed = id(id);
        switch (typed.kind()) {
            case NUMERIC -> m.put("id", ((NumericId) typed).value());
            case TEXT -> m.put("id", typed.text());
            default -> throw new IllegalStateException("unknown id kind " + typed.kind());
        }
        return m.toString();
    }
}
