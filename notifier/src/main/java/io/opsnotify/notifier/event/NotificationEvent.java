package io.opsnotify.notifier.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One application event: which kind of record, and its id.
 *
 * @param id        numeric or text, as the application sent it; bound to {@code :id} with the
 *                  matching JDBC type
 * @param messageId the SNS MessageId (for de-duplication), or null when invoked directly
 */
public record NotificationEvent(String type, EventId id, String messageId) {

    public String idText() {
        return id.text();
    }

    /** The event's own fields as templates see them: {{event.type}}, {{event.id}}, {{event.messageId}}. */
    public Map<String, String> templateFields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("id", idText());
        m.put("messageId", messageId == null ? "" : messageId);
        return m;
    }
}
