package io.opsnotify.localwebhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real HTTP server on 127.0.0.1 that plays a Slack Incoming Webhook: it records every POST
 * and answers as told (200 {@code ok} by default; tests script 429, 5xx, 404 {@code no_service},
 * slow answers). Serves {@code opsnotify demo} and the tests. It lives in its own module so that
 * the notifier uses it in test scope only: the Lambda jar does not carry it (LambdaJarIT).
 */
public final class LocalWebhookReceiver implements AutoCloseable {
    /** Path of the receiver's webhook, shaped like Slack's so that redaction is exercised. */
    public static final String PATH = "/services/T0DEMO/B0DEMO/opsnotify-local-receiver-token";

    /** One scripted answer. */
    public record Reply(int status, String body, String retryAfter, long delayMs) {
        public static Reply ok() {
            return new Reply(200, "ok", null, 0);
        }

        public static Reply error(int status, String body) {
            return new Reply(status, body, null, 0);
        }

        public static Reply rateLimited(int retryAfterSeconds) {
            return new Reply(429, "rate_limited", Integer.toString(retryAfterSeconds), 0);
        }

        public static Reply slow(long delayMs) {
            return new Reply(200, "ok", null, delayMs);
        }
    }

    /** A request as received. */
    public record Received(String method, String path, String contentType, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile IntFunction<Reply> script = n -> Reply.ok();

    private LocalWebhookReceiver(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on 127.0.0.1 and an ephemeral port. */
    public static LocalWebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService ex = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "local-webhook-receiver");
            t.setDaemon(true);
            return t;
        });
        LocalWebhookReceiver receiver = new LocalWebhookReceiver(server, ex);
        server.createContext("/", receiver::handle);
        server.setExecutor(ex);
        server.start();
        return receiver;
    }

    /** Answers request number n (1-based) with {@code script.apply(n)}. */
    public LocalWebhookReceiver script(IntFunction<Reply> script) {
        this.script = script;
        return this;
    }

    /** Answers the first requests with {@code replies} in order, then 200 ok. */
    public LocalWebhookReceiver replies(Reply... replies) {
        List<Reply> list = List.of(replies);
        return script(n -> n <= list.size() ? list.get(n - 1) : Reply.ok());
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    public int requestCount() {
        return count.get();
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public void reset() {
        received.clear();
        count.set(0);
        script = n -> Reply.ok();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int n = count.incrementAndGet();
            received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    ex.getRequestHeaders().getFirst("Content-Type"), body));
            Reply r = script.apply(n);
            if (r.delayMs() > 0) {
                try {
                    Thread.sleep(r.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html");
            if (r.retryAfter() != null) {
                ex.getResponseHeaders().set("Retry-After", r.retryAfter());
            }
            ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (IOException e) {
            // the client went away (a timeout test); nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
