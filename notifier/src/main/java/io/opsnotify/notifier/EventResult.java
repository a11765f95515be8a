package io.opsnotify.notifier;

import io.opsnotify.notifier.base.SafeText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of one event, as logged and as returned to {@code invoke}.
 *
 * @param type      event type, null when the event could not be parsed that far
 * @param id        event id as text, null when unknown
 * @param attempts  HTTP posts made to Slack
 * @param queries   SELECTs made (more than one when waiting for replica lag)
 * @param payload   the Slack JSON payload (rendered), null when rendering did not happen
 * @param failure   what kind of failure, null unless FAILED
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
        Failure failure,
        String error,
        List<String> notes) {

    /**
     * The values that came from outside (the event's id and MessageId, error texts quoting
     * events, rows or remote messages) are kept as {@link SafeText#line}: every consumer (the
     * log line, the Lambda's error, {@code invoke}'s output) then shows them without any raw
     * control, format or bidi character.
     */
    public EventResult {
        id = id == null ? null : SafeText.line(id);
        messageId = messageId == null ? null : SafeText.line(messageId);
        error = error == null ? null : SafeText.line(error);
        notes = notes == null ? List.of() : notes.stream().map(SafeText::line).toList();
    }

    /**
     * Writes the result's fields (not the payload) into {@code o}: the shape of the log line and
     * of {@code invoke --output json}.
     */
    public Map<String, Object> writeTo(Map<String, Object> o) {
        o.put("type", type);
        o.put("id", id);
        o.put("messageId", messageId);
        o.put("outcome", outcome.label());
        o.put("attempts", attempts);
        o.put("queries", queries);
        o.put("latencyMs", latencyMs);
        if (failure != null) {
            o.put("failure", failure.label());
        }
        if (error != null) {
            o.put("error", error);
        }
        if (!notes.isEmpty()) {
            o.put("truncated", new ArrayList<Object>(notes));
        }
        return o;
    }

    /** Why an event failed; the CLI maps these to exit codes, logs carry them for metric filters. */
    public enum Failure {
        /** The event itself is unusable: not JSON, no id, unknown type. Retrying cannot help. */
        REJECTED,
        /** The row was not on the replica within the wait. */
        ROW_NOT_FOUND,
        /** The database could not be reached or the query failed. */
        DATABASE,
        /** The template could not be rendered with this row. */
        TEMPLATE,
        /** Slack refused the message or could not be reached in time. */
        SLACK,
        /** A bug: an unexpected exception. */
        INTERNAL;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
