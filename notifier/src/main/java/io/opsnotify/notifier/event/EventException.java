package io.opsnotify.notifier.event;

/** The event cannot be processed as given (malformed, no id, unknown type, ...). */
public final class EventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EventException(String message) {
        super(message);
    }
}
