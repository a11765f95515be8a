package io.opsnotify.notifier.config;

import io.opsnotify.notifier.base.Secret;
import io.opsnotify.notifier.db.DatabaseConfig;
import io.opsnotify.notifier.dns.DnsConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything an operator changes, as loaded and validated from opsnotify.yaml. */
public record NotifierConfig(
        String source,
        DatabaseConfig database,
        SlackConfig slack,
        Map<String, EventConfig> events,
        DnsConfig dns) {

    public NotifierConfig {
        events = Collections.unmodifiableMap(new LinkedHashMap<>(events)); // keeps file order
        if (dns == null) {
            dns = DnsConfig.defaults(Map.of());
        }
    }

    /** Without a {@code dns:} section: the system's resolvers. */
    public NotifierConfig(String source, DatabaseConfig database, SlackConfig slack, Map<String, EventConfig> events) {
        this(source, database, slack, events, null);
    }

    /** Every secret in this config, for a {@link Redactor}. */
    public List<Secret> secrets() {
        List<Secret> out = new ArrayList<>();
        out.add(database.password());
        out.addAll(database.urlSecrets());
        out.add(slack.webhookUrl());
        events.values().forEach(e -> out.add(e.webhookUrl()));
        out.removeIf(s -> s == null);
        return out;
    }

    public Redactor redactor() {
        return new Redactor(secrets());
    }

    public NotifierConfig withDatabase(DatabaseConfig db) {
        return new NotifierConfig(source, db, slack, events, dns);
    }

    /** Every event posts to {@code url} instead (per-event webhooks included): invoke/demo --webhook. */
    public NotifierConfig withWebhookUrl(Secret url) {
        Map<String, EventConfig> redirected = new LinkedHashMap<>();
        events.forEach((k, e) -> redirected.put(k, new EventConfig(e.type(), e.query(), e.template(), null)));
        return new NotifierConfig(source, database, slack.withWebhookUrl(url), redirected, dns);
    }
}
