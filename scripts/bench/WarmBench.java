import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.notifier.EventResult;
import io.opsnotify.notifier.Notifier;
import io.opsnotify.notifier.NotifierHandler;
import io.opsnotify.notifier.Outcome;
import io.opsnotify.notifier.Notifiers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Warm path: one JVM, one {@link NotifierHandler}, N SNS events through {@code handleRequest},
 * each one SELECT + render + webhook POST to a local sink. Prints events/s after a warm-up.
 *
 * <p>Usage: {@code java -cp BUILD:opsnotify-notifier.jar WarmBench WARMUP N ROWS SINK_URL|dry-run}.
 * Config from $OPSNOTIFY_CONFIG like the Lambda; its webhook must be {@code ${env:OPSNOTIFY_WEBHOOK}},
 * which this harness points at SINK_URL (scripts/bench/sink.py, a separate process).
 * {@code dry-run} runs the same events through {@code Notifier.handle(..., dryRun=true)}: parse,
 * SELECT and render without the POST, which separates the webhook's share of the per-event cost.
 * The per-event JSON log line is produced as in Lambda but written to a null stream.
 * Every loop is bounded by its count; a failed event stops the run (handleRequest throws).
 */
public final class WarmBench {
    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int rows = Integer.parseInt(args[2]);
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: WarmBench WARMUP N ROWS SINK_URL|dry-run");
        }
        if (warmup < 0 || warmup > 100_000 || n < 1 || n > 200_000 || rows < 1) {
            throw new IllegalArgumentException("bounds: 0 <= WARMUP <= 100000, 1 <= N <= 200000, ROWS >= 1");
        }
        boolean dryRun = args[3].equals("dry-run");
        String sink = dryRun ? "http://127.0.0.1:9/unused" : args[3];
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("OPSNOTIFY_WEBHOOK", sink);
        PrintStream log = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        // the same wiring as NotifierHandler's no-arg constructor, with the sink URL in the environment
        Notifier notifier = Notifiers.create(Notifiers.configFromEnvironment(env), log::println);
        NotifierHandler handler = new NotifierHandler(notifier);
        Sender send = dryRun
                ? event -> check(notifier.handle(event, Deadline.inMillis(30_000), true), Outcome.DRY_RUN)
                : event -> handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), null);

        run(send, 0, warmup, rows, null);
        long[] lat = new long[n];
        long t0 = System.nanoTime();
        run(send, warmup, n, rows, lat);
        long elapsed = System.nanoTime() - t0;
        Arrays.sort(lat);
        double perSec = n / (elapsed / 1e9);
        System.out.printf("warm%s: %d events after %d warm-up in %.3f s = %.0f events/s; per event p50 %.3f ms, p99 %.3f ms%n",
                dryRun ? " (dry run, no POST)" : "", n, warmup, elapsed / 1e9, perSec, lat[n / 2] / 1e6, lat[(int) (n * 0.99)] / 1e6);
        System.out.printf("RESULT events_per_s=%.0f p50_ms=%.3f p99_ms=%.3f%n", perSec, lat[n / 2] / 1e6,
                lat[(int) (n * 0.99)] / 1e6);
        System.exit(0);
    }

    private interface Sender {
        void send(byte[] event) throws Exception;
    }

    private static void check(List<EventResult> results, Outcome expected) {
        if (results.size() != 1 || results.get(0).outcome() != expected) {
            throw new IllegalStateException("unexpected result: " + results);
        }
    }

    private static void run(Sender send, int from, int count, int rows, long[] lat) throws Exception {
        for (int i = 0; i < count; i++) {
            int seq = from + i;
            // a distinct MessageId per event: the handler de-duplicates redelivered SNS messages
            String event = "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"MessageId\":\"bench-" + seq
                    + "\",\"Message\":\"{\\\"type\\\":\\\"order.created\\\",\\\"id\\\":" + (1 + seq % rows) + "}\"}}]}";
            byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
            long s = System.nanoTime();
            send.send(bytes); // handleRequest throws when the event was not delivered
            if (lat != null) {
                lat[i] = System.nanoTime() - s;
            }
        }
    }
}
