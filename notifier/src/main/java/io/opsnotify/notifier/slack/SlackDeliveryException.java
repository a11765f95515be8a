package io.opsnotify.notifier.slack;

/**
 * Slack did not take the message. The message names Slack's reason (its plain-text error body
 * such as {@code channel_not_found}) or the last transport failure, and never the webhook URL.
 */
public final class SlackDeliveryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int attempts;
    private final int status;
    private final String reason;

    public SlackDeliveryException(String message, int attempts, int status, String reason) {
        super(message);
        this.attempts = attempts;
        this.status = status;
        this.reason = reason;
    }

    public int attempts() {
        return attempts;
    }

    /** The last HTTP status, 0 when no response came. */
    public int status() {
        return status;
    }

    /** Slack's error code from the body (e.g. no_service), or a transport description. */
    public String reason() {
        return reason;
    }
}
