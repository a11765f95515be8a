package io.opsnotify.notifier;

import io.opsnotify.notifier.base.Json;
import io.opsnotify.notifier.base.Deadline;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.opsnotify.notifier.config.EventConfig;
import io.opsnotify.notifier.config.NotifierConfig;
import io.opsnotify.notifier.config.Redactor;
import io.opsnotify.notifier.base.Secret;
import io.opsnotify.notifier.db.RowNotFoundException;
import io.opsnotify.notifier.db.RowSource;
import io.opsnotify.notifier.event.EventException;
import io.opsnotify.notifier.event.EventParser;
import io.opsnotify.notifier.event.NotificationEvent;
import io.opsnotify.notifier.render.BlockKitLimits;
import io.opsnotify.notifier.render.TemplateException;
import io.opsnotify.notifier.slack.SlackDeliveryException;
import io.opsnotify.notifier.slack.SlackSender;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The notifier's one job: event → row → message → Slack. Used by the Lambda handler and, the
 * very same code path, by {@code opsnotify invoke} and {@code opsnotify demo}.
 *
 * <p>Not thread-safe, like a Lambda container: one event at a time.
 */
public final class Notifier implements AutoCloseable {
    /** MessageIds remembered for de-duplication in a warm container. */
    static final int DEDUP_CAPACITY = 10_000;
    static final long LAG_BACKOFF_START_MS = 50;
    static final long LAG_BACKOFF_MAX_MS = 1_000;
    /** Time kept back for the Slack post when waiting for a row. */
    static final long POST_RESERVE_MS = 1_000;

    private final NotifierConfig config;
    private final RowSource rows;
    private final SlackSender slack;
    private final EventLog log;
    private final EventParser parser;
    private final Redactor redactor;
    private final Map<String, Boolean> delivered = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > DEDUP_CAPACITY;
        }
    };

    public Notifier(NotifierConfig config, RowSource rows, SlackSender slack, EventLog log) {
        this.config = config;
        this.rows = rows;
        this.slack = slack;
        this.log = log;
        this.parser = new EventParser(config.events().keySet());
        this.redactor = config.redactor();
    }

    public NotifierConfig config() {
        return config;
    }

    public Redactor redactor() {
        return redactor;
    }

    /**
     * Handles a whole Lambda input (an SNS event or a bare message), one result per record.
     * A record that fails does not stop the others.
     */
    public List<EventResult> handle(byte[] input, Deadline deadline, boolean dryRun) {
        List<EventParser.Envelope> envelopes;
        try {
            envelopes = parser.envelopes(input);
        } catch (EventException e) {
            EventResult r = new EventResult(null, null, null, Outcome.FAILED, 0, 0, 0, null,
                    EventResult.Failure.REJECTED, "rejected: " + redactor.redact(e.getMessage()), List.of());
            log.log(r);
            return List.of(r);
        }
        List<EventResult> results = new ArrayList<>(envelopes.size());
        for (EventParser.Envelope env : envelopes) {
            results.add(handle(env, deadline, dryRun));
        }
        return results;
    }

    /** Handles one record and logs its result line. Never throws for a bad event: it returns FAILED. */
    public EventResult handle(EventParser.Envelope env, Deadline deadline, boolean dryRun) {
        long start = System.nanoTime();
        Attempt a = new Attempt(env.messageId());
        try {
            process(env, deadline, dryRun, a);
        } catch (EventException e) {
            a.fail(EventResult.Failure.REJECTED, "rejected: " + e.getMessage());
        } catch (RowNotFoundException e) {
            a.fail(EventResult.Failure.ROW_NOT_FOUND, e.getMessage());
        } catch (SQLException e) {
            a.fail(EventResult.Failure.DATABASE, "database error: " + redactor.describe(e) + sqlState(e));
        } catch (TemplateException e) {
            a.fail(EventResult.Failure.TEMPLATE, "template error in events." + a.type + ": " + e.getMessage());
        } catch (SlackDeliveryException e) {
            a.attempts = e.attempts();
            a.fail(EventResult.Failure.SLACK, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            a.fail(EventResult.Failure.INTERNAL, "interrupted");
        } catch (RuntimeException e) {
            a.fail(EventResult.Failure.INTERNAL, "internal error: " + e.getClass().getSimpleName() + ": "
                    + redactor.describe(e));
        }
        long latencyMs = (System.nanoTime() - start) / 1_000_000L;
        EventResult r = new EventResult(a.type, a.id, a.messageId, a.outcome, a.attempts, a.queries, latencyMs,
                a.payload, a.failure, a.error == null ? null : redactor.redact(a.error), List.copyOf(a.notes));
        log.log(r);
        return r;
    }

    /** Mutable state of one event while it is processed; becomes an {@link EventResult}. */
    private static final class Attempt {
        final String messageId;
        String type;
        String id;
        Outcome outcome = Outcome.FAILED;
        int attempts;
        int queries;
        String payload;
        EventResult.Failure failure;
        String error;
        final List<String> notes = new ArrayList<>();

        Attempt(String messageId) {
            this.messageId = messageId;
        }

        void fail(EventResult.Failure kind, String why) {
            outcome = Outcome.FAILED;
            failure = kind;
            error = why;
        }
    }

    private void process(EventParser.Envelope env, Deadline deadline, boolean dryRun, Attempt a)
            throws SQLException, RowNotFoundException, SlackDeliveryException, InterruptedException {
        NotificationEvent event = parser.parse(env);
        a.type = event.type();
        a.id = event.idText();
        if (!dryRun && event.messageId() != null && delivered.containsKey(event.messageId())) {
            a.outcome = Outcome.DUPLICATE;
            return;
        }
        EventConfig ec = config.events().get(event.type());
        Map<String, String> row = fetchWaitingForReplica(ec, event, deadline, a);
        Map<String, Object> message = ec.template().render(row, event.templateFields());
        a.notes.addAll(BlockKitLimits.apply(message));
        byte[] body;
        try {
            body = Json.bytes(message);
        } catch (UncheckedIOException e) {
            throw new TemplateException(TemplateException.Part.MESSAGE, "message could not be written as JSON: "
                    + (e.getCause() instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        String payload = new String(body, StandardCharsets.UTF_8);
        if (redactor.revealsSecret(payload) || anyStringRevealsSecret(message)) {
            // the second wall: whatever path (a row, an env value) brought it there
            throw new TemplateException(TemplateException.Part.MESSAGE, "the rendered message contains the value of a secret (database password "
                    + "or webhook URL; not shown): not posted or printed");
        }
        a.payload = payload;
        if (dryRun) {
            a.outcome = Outcome.DRY_RUN;
            return;
        }
        Secret webhook = ec.webhookUrl() != null ? ec.webhookUrl() : config.slack().webhookUrl();
        if (webhook == null) {
            throw new SlackDeliveryException("no webhook configured (slack.webhookUrl)", 0, 0, "no_webhook");
        }
        a.attempts = slack.post(webhook, body, deadline);
        a.outcome = Outcome.DELIVERED;
        if (event.messageId() != null) {
            delivered.put(event.messageId(), Boolean.TRUE);
        }
    }

    /** Every string in the rendered message, before JSON escaping (a secret with '"' or '\\' in it). */
    private boolean anyStringRevealsSecret(Object node) {
        if (node instanceof String s) {
            return redactor.revealsSecret(s);
        }
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (anyStringRevealsSecret(e.getKey()) || anyStringRevealsSecret(e.getValue())) {
                    return true;
                }
            }
        } else if (node instanceof Iterable<?> l) {
            for (Object o : l) {
                if (anyStringRevealsSecret(o)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The row, waiting with backoff while it is missing: right after the application commits, the
     * replica may not have it yet. Gives up after database.replicaLagWaitMs, or earlier when the
     * invocation's time would not leave enough for the Slack post.
     */
    private Map<String, String> fetchWaitingForReplica(EventConfig ec, NotificationEvent event, Deadline deadline,
                                                       Attempt a)
            throws SQLException, RowNotFoundException, InterruptedException {
        long started = System.nanoTime();
        long backoff = LAG_BACKOFF_START_MS;
        long budget = config.database().replicaLagWaitMs();
        while (true) {
            a.queries++;
            Optional<Map<String, String>> row = rows.fetch(ec.query(), event.id(), deadline);
            if (row.isPresent()) {
                return row.get();
            }
            long waited = (System.nanoTime() - started) / 1_000_000L;
            long next = Math.min(backoff, budget - waited);
            if (next <= 0 || !deadline.allows(next, POST_RESERVE_MS)) {
                throw new RowNotFoundException("row not found: " + event.type() + " id " + event.idText()
                        + " is not on the replica after " + waited + " ms (" + a.queries
                        + (a.queries == 1 ? " query" : " queries") + "; database.replicaLagWaitMs is " + budget + ")");
            }
            deadline.sleep(next);
            backoff = Math.min(backoff * 2, LAG_BACKOFF_MAX_MS);
        }
    }

    private static String sqlState(SQLException e) {
        return e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")";
    }

    @Override
    public void close() {
        rows.close();
    }
}
