package io.opsnotify.awslocal;

import java.nio.charset.StandardCharsets;

/**
 * One invocation of a function: who caused it ({@code sns} or {@code invoke}), the event the
 * function received, and the outcome (payload, or the error the invoker threw).
 */
public record Invocation(String source, byte[] event, byte[] result, String error) {

    public String eventJson() {
        return new String(event, StandardCharsets.UTF_8);
    }

    public boolean failed() {
        return error != null;
    }
}
