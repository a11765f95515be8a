package io.opsnotify.notifier;

import io.opsnotify.notifier.base.Json;
import io.opsnotify.notifier.base.Deadline;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Lambda entry point ({@code io.opsnotify.notifier.NotifierHandler::handleRequest}).
 *
 * <p>Everything expensive (config, templates, JDBC connection, HTTP settings) is built once per
 * container in the constructor. A stream handler, so the raw event is parsed by our own code
 * and a malformed event gets our error message rather than a serializer's.
 */
public final class NotifierHandler implements RequestStreamHandler {
    /** Kept back from the remaining time to log and return before Lambda's timeout. */
    static final long RETURN_MARGIN_MS = 500;
    /** Used when there is no Lambda context (a local call). */
    static final long LOCAL_TIMEOUT_MS = 30_000;

    private final Notifier notifier;

    /** Lambda's constructor: configuration from the environment / the packaged opsnotify.yaml. */
    public NotifierHandler() {
        this(Notifiers.create(Notifiers.configFromEnvironment(System.getenv()), System.out::println));
    }

    public NotifierHandler(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long remaining = context == null ? LOCAL_TIMEOUT_MS : context.getRemainingTimeInMillis();
        Deadline deadline = Deadline.inMillis(Math.max(0, remaining - RETURN_MARGIN_MS));
        List<EventResult> results = notifier.handle(input.readAllBytes(), deadline, false);
        List<EventResult> failed = results.stream().filter(r -> r.outcome() == Outcome.FAILED).toList();
        if (!failed.isEmpty()) {
            throw new NotificationFailedException(failed.size() + " of " + results.size() + " event(s) not delivered: "
                    + failed.stream().map(NotifierHandler::describe).collect(Collectors.joining("; ")));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("delivered", results.stream().filter(r -> r.outcome() == Outcome.DELIVERED).count());
        summary.put("duplicates", results.stream().filter(r -> r.outcome() == Outcome.DUPLICATE).count());
        output.write(Json.bytes(summary));
    }

    private static String describe(EventResult r) {
        String what = r.type() == null ? "event" : r.type() + " id " + r.id();
        return what + (r.messageId() == null ? "" : " (MessageId " + r.messageId() + ")") + ": " + r.error();
    }
}
