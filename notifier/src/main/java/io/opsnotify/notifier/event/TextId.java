package io.opsnotify.notifier.event;

import java.util.Objects;

/** An id the application sent as a JSON string ({@code "ORD-1001"}, or digits it chose to quote). */
public record TextId(String value) implements EventId {
    public TextId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public Kind kind() {
        return Kind.TEXT;
    }

    @Override
    public String text() {
        return value;
    }
}
