package io.opsnotify.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * One JSON line per event on stdout, which Lambda ships to CloudWatch Logs (and Logs Insights
 * parses without configuration). The line holds the event's coordinates and outcome, never the
 * row or the message: those may be personal data, and the payload is one query away anyway.
 */
public final class EventLog {
    private final Consumer<String> out;
    private final ObjectMapper json;
    private final ObjectWriter writer;
    private final Clock clock;

    /** @param out receives each line (Lambda: System.out::println; the CLI: stderr) */
    public EventLog(Consumer<String> out, ObjectMapper json, Clock clock) {
        this.out = out;
        this.json = json;
        // non-ASCII escaped: the line stays intact whatever encoding the process's stdout has
        this.writer = json.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
        this.clock = clock;
    }

    public void log(EventResult r) {
        ObjectNode line = json.createObjectNode();
        line.put("ts", clock.instant().toString());
        line.put("level", r.outcome() == Outcome.FAILED ? "ERROR" : "INFO");
        line.put("logger", "opsnotify");
        r.writeTo(line);
        try {
            out.accept(writer.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            out.accept("{\"level\":\"ERROR\",\"logger\":\"opsnotify\",\"error\":\"log line could not be written\"}");
        }
    }
}
