package io.opsnotify.notifier.config;

import io.opsnotify.notifier.base.Secret;

/**
 * Where and how messages are posted. {@code webhookUrl} may be null only when the caller said
 * it does not need one (a dry run, or a webhook given on the command line).
 */
public record SlackConfig(
        Secret webhookUrl,
        int connectTimeoutMs,
        int readTimeoutMs,
        int maxAttempts) {

    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 3000;
    public static final int DEFAULT_READ_TIMEOUT_MS = 5000;
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    public SlackConfig withWebhookUrl(Secret url) {
        return new SlackConfig(url, connectTimeoutMs, readTimeoutMs, maxAttempts);
    }
}
