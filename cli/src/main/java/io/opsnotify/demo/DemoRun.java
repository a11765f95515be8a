package io.opsnotify.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.notifier.EventResult;
import io.opsnotify.notifier.Notifier;
import io.opsnotify.notifier.Notifiers;
import io.opsnotify.notifier.config.ConfigLoader;
import io.opsnotify.notifier.config.NotifierConfig;
import io.opsnotify.notifier.db.JdbcRowSource;
import io.opsnotify.localwebhook.LocalWebhookReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.h2.engine.Constants;

/**
 * {@code opsnotify demo}: the whole notifier path with nothing installed. An embedded database
 * (H2 in MariaDB mode, in memory) holds a sample shop with hostile and Japanese rows; a local
 * webhook receiver plays Slack unless a real webhook is given; sample SNS events go through the
 * very {@link Notifier} the Lambda runs, configured by a normal opsnotify.yaml (whose database
 * section names a replica; the demo hands the notifier its embedded database in code instead).
 */
public final class DemoRun {
    public static final String CONFIG_RESOURCE = "/demo/opsnotify.yaml";
    public static final String SQL_RESOURCE = "/demo/shop.sql";
    static final String DB_PASSWORD = "demo-" + UUID.randomUUID();

    /** One sample event and what became of it. */
    public record Step(String label, EventResult result) {
    }

    /**
     * @param webhookUrl null for the local receiver
     * @param received   the payloads the local receiver got (empty with a real webhook)
     */
    public record Outcome(String database, String webhook, List<Step> steps, List<String> received) {
    }

    private final ObjectMapper json;

    public DemoRun(ObjectMapper json) {
        this.json = json;
    }

    public Outcome run(String webhookUrl, Consumer<String> logLines) throws IOException, SQLException {
        String dbUrl = "jdbc:h2:mem:opsnotify-demo-" + UUID.randomUUID()
                + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=0";
        // this connection keeps the in-memory database alive while the notifier works
        try (Connection keep = DriverManager.getConnection(dbUrl, "sa", DB_PASSWORD);
             LocalWebhookReceiver receiver = webhookUrl == null ? LocalWebhookReceiver.start() : null) {
            load(keep);
            String hook = webhookUrl != null ? webhookUrl : receiver.url();
            NotifierConfig config = config(hook);
            // the embedded database is wired here, in code: a config's database.url only ever
            // reaches the MariaDB driver, so no user's config can open H2 (and run its INIT scripts)
            JdbcRowSource rows = new JdbcRowSource(config.database(),
                    () -> DriverManager.getConnection(dbUrl, "sa", DB_PASSWORD));
            List<Step> steps = new ArrayList<>();
            try (Notifier notifier = Notifiers.create(config, logLines, rows)) {
                steps.add(send(notifier, "order.created", 42, "demo-0001", "an order by a customer with a hostile name"));
                steps.add(send(notifier, "order.created", 43, "demo-0002", "an order with Japanese text"));
                steps.add(send(notifier, "customer.signed_up", 3, "demo-0003", "a text-only message"));
                steps.add(send(notifier, "order.created", 42, "demo-0001", "SNS delivers the first event again"));
                steps.add(send(notifier, "order.created", 4242, "demo-0004", "an id that is not in the database"));
            }
            List<String> got = receiver == null ? List.of()
                    : receiver.received().stream().map(LocalWebhookReceiver.Received::body).toList();
            return new Outcome("H2 " + Constants.VERSION + " in memory (MariaDB mode)",
                    receiver == null ? "your webhook" : "local receiver on 127.0.0.1", steps, got);
        }
    }

    private NotifierConfig config(String hook) throws IOException {
        try (InputStream in = DemoRun.class.getResourceAsStream(CONFIG_RESOURCE)) {
            Map<String, String> env = Map.of("DEMO_DB_PASSWORD", DB_PASSWORD, "SLACK_WEBHOOK_URL", hook);
            NotifierConfig c = new ConfigLoader(env).load(in, "demo" + CONFIG_RESOURCE, ConfigLoader.Options.STRICT);
            // a row that never arrives should not hold the demo for the default five seconds
            return c.withDatabase(c.database().withReplicaLagWaitMs(300));
        }
    }

    static void load(Connection c) throws IOException, SQLException {
        String sql;
        try (InputStream in = DemoRun.class.getResourceAsStream(SQL_RESOURCE)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Statement s = c.createStatement()) {
            for (String stmt : statements(sql)) {
                s.execute(stmt);
            }
        }
    }

    /** The script's statements: split at a ';' that ends a line, comment lines dropped. */
    public static List<String> statements(String script) {
        StringBuilder clean = new StringBuilder();
        script.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> clean.append(l).append('\n'));
        List<String> out = new ArrayList<>();
        for (String part : clean.toString().split(";\\s*\n")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private Step send(Notifier notifier, String type, long id, String messageId, String label) {
        ObjectNode event = json.createObjectNode();
        ObjectNode sns = event.putArray("Records").addObject().put("EventSource", "aws:sns").putObject("Sns");
        sns.put("Type", "Notification").put("MessageId", messageId)
                .put("Message", json.createObjectNode().put("type", type).put("id", id).toString());
        sns.putObject("MessageAttributes").putObject("type").put("Type", "String").put("Value", type);
        byte[] input = event.toString().getBytes(StandardCharsets.UTF_8);
        return new Step(label, notifier.handle(input, Deadline.inMillis(15_000), false).get(0));
    }
}
