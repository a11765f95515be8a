package io.opsnotify.notifier;

/**
 * Thrown out of the Lambda handler when an event was not delivered, so that the invocation
 * fails and Lambda's retries and on-failure destination keep the event. The message lists each
 * failed record's reason, secrets already redacted; it carries no cause, so no third-party
 * exception text (which may hold a URL) reaches the Lambda error log.
 */
public final class NotificationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotificationFailedException(String message) {
        super(message, null, false, false);
    }
}
