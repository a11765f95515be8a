package io.opsnotify.notifier.config;

import io.opsnotify.notifier.base.Secret;
import io.opsnotify.notifier.db.SqlQuery;
import io.opsnotify.notifier.render.MessageTemplate;

/**
 * One event type: the query that fetches its row and the template that renders it.
 *
 * @param webhookUrl optional per-event webhook (another channel); null means slack.webhookUrl
 */
public record EventConfig(String type, SqlQuery query, MessageTemplate template, Secret webhookUrl) {
}
