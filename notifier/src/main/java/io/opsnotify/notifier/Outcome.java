package io.opsnotify.notifier;

import java.util.Locale;

/** What became of one event. Only {@link #FAILED} fails the invocation. */
public enum Outcome {
    /** Slack accepted the message. */
    DELIVERED,
    /** This SNS MessageId was already delivered by this container; not posted again. */
    DUPLICATE,
    /** Rendered but, as asked, not posted. */
    DRY_RUN,
    /** Not delivered; the invocation fails so that Lambda retries it or sends it on-failure. */
    FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
