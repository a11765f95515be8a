package io.opsnotify.notifier;

import java.util.List;

/**
 * The result of one event, as logged and as returned to {@code invoke}.
 *
 * @param type      event type, null when the event could not be parsed that far
 * @param id        event id as text, null when unknown
 * @param attempts  HTTP posts made to Slack
 * @param queries   SELECTs made (more than one when waiting for replica lag)
 * @param payload   the Slack JSON payload (rendered), null when rendering did not happen
 * @param error     why it failed, secrets redacted; null unless FAILED
 * @param notes     truncations applied to fit Slack's limits
 */
public record EventResult(
        String type,
        String id,
        String messageId,
        Outcome outcome,
        int attempts,
        int queries,
        long latencyMs,
        String payload,
        String error,
        List<String> notes) {
}
