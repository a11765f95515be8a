package io.opsnotify.notifier.slack;

import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.notifier.config.Redactor;
import io.opsnotify.notifier.base.Secret;
import io.opsnotify.notifier.config.SlackConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts to a Slack Incoming Webhook with the retry policy Slack's documentation asks for:
 * 429 waits {@code Retry-After}; 5xx, timeouts and connection failures back off exponentially;
 * every other answer is a configuration error reported at once with Slack's reason. Delivered
 * means HTTP 200 with the body {@code ok}, exactly; a 2xx with any other body is a refusal.
 * All waiting, and every exchange as a whole (connect, headers, body), is bounded by the
 * invocation's {@link Deadline}.
 *
 * <p>{@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: the latter costs
 * ~0.4 s of cold start for its TLS and executor set-up (docs/performance.md).
 */
public final class WebhookClient implements SlackSender {
    /** Don't start an attempt with less time left than this. */
    static final long MIN_ATTEMPT_MS = 250;
    static final long BACKOFF_BASE_MS = 200;
    static final long BACKOFF_CAP_MS = 5_000;
    static final long DEFAULT_RETRY_AFTER_MS = 1_000;
    /**
     * Slack's answers are short tokens ({@code ok}, {@code no_service}); more than this is not
     * read, so a huge or endless body costs neither memory nor time.
     */
    static final int MAX_BODY = 1024;
    private static final int HEAD = 0;
    private static final int BODY = 1;
    private static final int CUT = 2;
    /** How often a body read waits for the next bytes to arrive. */
    static final long BODY_POLL_MS = 5;
    /** The body that means delivered, exactly (api.slack.com/messaging/webhooks#handling_errors). */
    static final String DELIVERED_BODY = "ok";
    /** Slack's error strings that name a passing problem on Slack's side: retried with backoff. */
    static final Set<String> TRANSIENT_REASONS = Set.of("rollup_error");

    /** Slack's webhook error codes, with what an operator should do about each. */
    static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("invalid_payload", "the message JSON was rejected: check the event's text/blocks template"),
            Map.entry("user_not_found", "the webhook's user no longer exists: create a new webhook"),
            Map.entry("channel_not_found", "the webhook's channel no longer exists: create a new webhook"),
            Map.entry("channel_is_archived", "the webhook's channel is archived: unarchive it or create a new webhook"),
            Map.entry("action_prohibited", "a workspace admin restricted posting to that channel"),
            Map.entry("no_service", "the webhook was removed or disabled: create a new one and update slack.webhookUrl"),
            Map.entry("no_text", "the message had no text: check the event's text template"),
            Map.entry("posting_to_general_channel_denied", "only admins may post to that channel"),
            Map.entry("invalid_token", "the webhook's token is invalid: create a new webhook"),
            Map.entry("team_disabled", "the Slack workspace is disabled"),
            Map.entry("msg_blocks_too_long", "the blocks are too long for Slack"),
            Map.entry("rollup_error", "an internal error at Slack"));

    private final SlackConfig config;
    private final Redactor redactor;

    static {
        // A buffered POST may be re-sent by the JDK itself when a kept-alive connection turns
        // out to be closed, which could post a Slack message twice behind our back. Our own
        // retry loop decides about retries, so the JDK must not (read once, when the JDK's
        // HTTP client class initializes; set here, before this class sends anything).
        if (System.getProperty("sun.net.http.retryPost") == null) {
            System.setProperty("sun.net.http.retryPost", "false");
        }
    }

    public WebhookClient(SlackConfig config, Redactor redactor) {
        this.config = config;
        this.redactor = redactor;
    }

    private record Response(int status, String body, String retryAfter) {
    }

    @Override
    public int post(Secret webhookUrl, byte[] payload, Deadline deadline)
            throws SlackDeliveryException, InterruptedException {
        String lastProblem = "no attempt was made: less than " + MIN_ATTEMPT_MS + " ms left";
        int lastStatus = 0;
        int attempt = 0;
        while (attempt < config.maxAttempts()) {
            if (deadline.remainingMillis() < MIN_ATTEMPT_MS) {
                break;
            }
            attempt++;
            long waitMs;
            // one attempt (connect, head, body) ends by its own bound, so a slow answer leaves
            // the invocation's remaining time to the retries; never past the invocation's deadline
            long attemptMs = attemptBudgetMs();
            Deadline attemptDeadline = Deadline.inMillis(Math.min(attemptMs, deadline.remainingMillis()));
            try {
                Response r = send(webhookUrl, payload, attemptDeadline);
                lastStatus = r.status;
                if (r.status == 200 && DELIVERED_BODY.equals(r.body)) {
                    return attempt;
                }
                String reason = reason(r.body);
                if (r.status == 429) {
                    waitMs = retryAfterMs(r.retryAfter);
                    lastProblem = "rate limited by Slack (HTTP 429, Retry-After " + (waitMs / 1000.0) + " s)";
                } else if (r.status >= 500 || TRANSIENT_REASONS.contains(reason)) {
                    waitMs = backoffMs(attempt);
                    lastProblem = "Slack answered HTTP " + r.status + (reason.isEmpty() ? "" : " " + reason);
                } else {
                    // 2xx with any body but "ok" included: Slack answers some refusals (no_text,
                    // invalid_payload) with a 2xx, and counting those as delivered loses the message
                    boolean success = r.status >= 200 && r.status < 300;
                    String hint = HINTS.get(reason);
                    throw new SlackDeliveryException((success ? "Slack did not accept the message: HTTP "
                            : "Slack rejected the message: HTTP ") + r.status
                            + (reason.isEmpty() ? "" : " " + reason) + (hint == null ? "" : " (" + hint + ")")
                            + (success && reason.isEmpty() ? " (the body was not \"ok\")" : "")
                            + "; not retried", attempt, r.status,
                            !reason.isEmpty() ? reason : success ? "http_" + r.status + "_not_ok" : "http_" + r.status);
                }
            } catch (DeadlineExceededException e) {
                lastStatus = 0;
                lastProblem = deadline.remainingMillis() < MIN_ATTEMPT_MS
                        ? "Slack did not answer in time (the exchange was cut at the invocation's deadline)"
                        : "Slack did not answer in time (the attempt was cut after " + attemptMs
                                + " ms: slack.connectTimeoutMs + slack.readTimeoutMs)";
                waitMs = backoffMs(attempt);
            } catch (SocketTimeoutException e) {
                lastStatus = 0;
                lastProblem = "Slack did not answer in time (" + redactor.redact(e.getMessage()) + ")";
                waitMs = backoffMs(attempt);
            } catch (IOException e) {
                lastStatus = 0;
                lastProblem = "could not reach Slack: " + redactor.describe(e);
                waitMs = backoffMs(attempt);
            }
            if (attempt >= config.maxAttempts()) {
                break;
            }
            if (!deadline.allows(waitMs, MIN_ATTEMPT_MS)) {
                lastProblem += "; the next attempt would not fit in the invocation's remaining "
                        + deadline.remainingMillis() + " ms";
                break;
            }
            deadline.sleep(waitMs);
        }
        throw new SlackDeliveryException("message not delivered after " + attempt
                + (attempt == 1 ? " attempt: " : " attempts: ") + lastProblem, attempt, lastStatus, lastProblem);
    }

    /**
     * How long one attempt may take as a whole: connecting, then the answer's head and body
     * within {@code readTimeoutMs}. The socket's read timeout alone restarts with every byte.
     */
    long attemptBudgetMs() {
        return (long) config.connectTimeoutMs() + config.readTimeoutMs();
    }

    /** The exchange was cut because the attempt's or the invocation's deadline came. */
    private static final class DeadlineExceededException extends IOException {
        private static final long serialVersionUID = 1L;

        DeadlineExceededException() {
            super("deadline");
        }
    }

    /**
     * Closes connections still waiting for the answer's head (status line, headers) at the
     * deadline. A read timeout alone does not bound an exchange: a server that trickles one byte
     * per second resets it with every byte. The body is bounded by {@link #readBody} on the calling
     * thread instead: closing the stream under a running read makes the JDK drain it while
     * holding the stream's lock, which kept a trickled body going for its full 80 s in a test.
     * One daemon thread, created at the first post.
     */
    private static final class Watchdog {
        static final ScheduledExecutorService TIMER;

        static {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread th = new Thread(r, "opsnotify-webhook-deadline");
                th.setDaemon(true);
                return th;
            });
            t.setRemoveOnCancelPolicy(true);
            TIMER = t;
        }
    }

    private Response send(Secret webhookUrl, byte[] payload, Deadline deadline) throws IOException {
        // HEAD: waiting for status line and headers; BODY: reading the body on this thread; CUT: closed by the watchdog
        AtomicInteger phase = new AtomicInteger(HEAD);
        URL url;
        try {
            url = URI.create(webhookUrl.reveal()).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new IOException("webhook URL is not a valid URL");
        }
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        ScheduledFuture<?> guard = Watchdog.TIMER.schedule(() -> {
            if (phase.compareAndSet(HEAD, CUT)) {
                c.disconnect(); // no body stream yet: closes the socket, the blocked read fails at once
            }
        }, deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        try {
            long left = deadline.remainingMillis();
            c.setConnectTimeout((int) Math.max(1, Math.min(config.connectTimeoutMs(), left)));
            c.setReadTimeout((int) Math.max(1, Math.min(config.readTimeoutMs(), left)));
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setDoOutput(true);
            c.setRequestMethod("POST");
            c.setRequestProperty("Content-Type", "application/json; charset=utf-8");
            // No streaming mode: the JDK then sends headers and body in one write. Streamed, they
            // go as two packets, and on a reused keep-alive connection Nagle plus delayed ACK
            // held every POST for ~40 ms (docs/performance.md).
            try (OutputStream out = c.getOutputStream()) {
                out.write(payload);
            }
            int status = c.getResponseCode();
            if (!phase.compareAndSet(HEAD, BODY)) {
                throw new DeadlineExceededException();
            }
            // getInputStream() on an error status throws an exception that names the URL; read
            // the error stream instead so that the secret never enters an exception.
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = "";
            if (in != null) {
                try (in) {
                    body = readBody(in, c.getContentLengthLong(), deadline);
                }
            }
            return new Response(status, body, c.getHeaderField("Retry-After"));
        } catch (IOException e) {
            if (phase.get() == CUT) {
                throw new DeadlineExceededException();
            }
            throw e;
        } finally {
            guard.cancel(false);
            c.disconnect();
        }
    }

    /**
     * At most {@link #MAX_BODY} bytes, read on this thread and checked against the deadline
     * between reads. With a Content-Length (Slack sends one) a read is only made when bytes are
     * there, so neither a trickling nor a stalled body outlasts the deadline; without one, at
     * most one read timeout more.
     */
    private static String readBody(InputStream in, long contentLength, Deadline deadline) throws IOException {
        int want = contentLength >= 0 ? (int) Math.min(contentLength, MAX_BODY) : MAX_BODY;
        byte[] buf = new byte[want];
        int n = 0;
        while (n < want) {
            if (deadline.remainingMillis() <= 0) {
                throw new DeadlineExceededException();
            }
            if (contentLength >= 0 && in.available() <= 0) {
                try {
                    Thread.sleep(BODY_POLL_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading Slack's answer");
                }
                continue;
            }
            int r = in.read(buf, n, want - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** Slack's error code from a plain-text body, made safe to print: one short token. */
    static String reason(String body) {
        if (body == null) {
            return "";
        }
        String first = body.strip().lines().findFirst().orElse("");
        String safe = first.replaceAll("[^A-Za-z0-9_.:\\- ]", "");
        return safe.length() > 80 ? safe.substring(0, 80) : safe;
    }

    static long retryAfterMs(String header) {
        if (header == null) {
            return DEFAULT_RETRY_AFTER_MS;
        }
        try {
            long s = Long.parseLong(header.strip());
            return s < 0 ? DEFAULT_RETRY_AFTER_MS : Math.min(s, 3600) * 1000;
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER_MS;
        }
    }

    /** Exponential backoff with jitter: attempt 1 → 100–200 ms, 2 → 200–400 ms, ... capped. */
    static long backoffMs(int attempt) {
        long ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS << Math.min(attempt - 1, 16));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    static List<String> knownReasons() {
        return List.copyOf(HINTS.keySet());
    }
}
