package io.opsnotify.notifier;

import io.opsnotify.notifier.base.Json;
import io.opsnotify.notifier.base.SafeText;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One JSON line per event on stdout, which Lambda ships to CloudWatch Logs (and Logs Insights
 * parses without configuration). The line holds the event's coordinates and outcome, never the
 * row or the message: those may be personal data, and the payload is one query away anyway.
 * No value in a line holds a control, format or bidi character (escaped with {@link SafeText#line}).
 */
public final class EventLog {
    private final Consumer<String> out;
    private final Clock clock;

    /** @param out receives each line (Lambda: System.out::println; the CLI: stderr) */
    public EventLog(Consumer<String> out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public void log(EventResult r) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ts", clock.instant().toString());
        line.put("level", r.outcome() == Outcome.FAILED ? "ERROR" : "INFO");
        line.put("logger", "opsnotify");
        r.writeTo(line);
        line.replaceAll((k, v) -> safe(v));
        try {
            // non-ASCII escaped: the line stays intact whatever encoding the process's stdout has
            out.accept(Json.asciiString(line));
        } catch (UncheckedIOException e) {
            out.accept("{\"level\":\"ERROR\",\"logger\":\"opsnotify\",\"error\":\"log line could not be written\"}");
        }
    }

    /**
     * Every string of the line through {@link SafeText#line}: JSON escapes C0 controls, but the
     * value CloudWatch decodes would still carry C1 controls, DEL, bidi overrides and other format
     * characters, which can reorder or rewrite what an operator reads in a console or terminal.
     */
    private static Object safe(Object v) {
        if (v instanceof CharSequence s) {
            return SafeText.line(s);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(e -> out.add(safe(e)));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, e) -> out.put(SafeText.line(String.valueOf(k)), safe(e)));
            return out;
        }
        return v;
    }
}
