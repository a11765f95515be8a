import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.samskivert.mustache.Mustache;
import io.opsnotify.notifier.base.Json;
import io.opsnotify.notifier.Notifiers;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Cold cost of one stage of the notifier's work, alone in a fresh JVM: the benchmark runs
 * {@code StageProbe STAGE} per stage and subtracts the {@code none} run (JVM start and exit).
 * Stages use the same libraries the notifier uses, the way it uses them, so the differences
 * attribute the cold path's time; {@code jackson-core} shows what the streaming API alone costs,
 * {@code jackson-jr} what the notifier's JSON ({@code io.opsnotify.notifier.base.Json}, jackson-jr on
 * jackson-core) costs. jackson-databind, measured here before it left the Lambda jar, is no
 * longer on the jar's classpath (docs/performance.md keeps its numbers).
 *
 * <p>Usage: StageProbe none|jackson-jr|jackson-core|snakeyaml|jmustache|config|jdbc|http|jdk-httpclient
 * EVENT.json ({@code http} is HttpURLConnection as WebhookClient uses it; {@code jdk-httpclient}
 * is java.net.http.HttpClient for comparison). Reads OPSNOTIFY_CONFIG, DB_* and WEBHOOK_URL like the other benchmark programs.
 */
public final class StageProbe {
    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        Map<String, String> env = System.getenv();
        String result = switch (args[0]) {
            case "none" -> "";
            case "jackson-jr" -> {
                // what the notifier does since databind left the Lambda jar: io.opsnotify.notifier.base.Json
                Map<?, ?> root = (Map<?, ?>) Json.read(event);
                Map<?, ?> sns = (Map<?, ?>) ((Map<?, ?>) ((List<?>) root.get("Records")).get(0)).get("Sns");
                Number id = (Number) ((Map<?, ?>) Json.read((String) sns.get("Message"))).get("id");
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("text", "order " + id.longValue());
                yield new String(Json.bytes(out), StandardCharsets.UTF_8);
            }
            case "jackson-core" -> {
                JsonFactory f = new JsonFactory();
                String msg = null;
                try (JsonParser p = f.createParser(event)) {
                    for (JsonToken t = p.nextToken(); t != null && msg == null; t = p.nextToken()) {
                        if (t == JsonToken.FIELD_NAME && p.currentName().equals("Message")) {
                            p.nextToken();
                            msg = p.getText();
                        }
                    }
                }
                long id = 0;
                try (JsonParser p = f.createParser(msg)) {
                    for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                        if (t == JsonToken.FIELD_NAME && p.currentName().equals("id")) {
                            p.nextToken();
                            id = p.getLongValue();
                        }
                    }
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (JsonGenerator g = f.createGenerator(bytes)) {
                    g.writeStartObject();
                    g.writeStringField("text", "order " + id);
                    g.writeEndObject();
                }
                yield bytes.toString(StandardCharsets.UTF_8);
            }
            case "snakeyaml" -> {
                LoaderOptions lo = new LoaderOptions();
                lo.setAllowDuplicateKeys(false);
                yield String.valueOf(new Yaml(new SafeConstructor(lo), new Representer(new DumperOptions()),
                        new DumperOptions(), lo).compose(new StringReader(
                        Files.readString(Path.of(env.get("OPSNOTIFY_CONFIG"))))).getNodeId());
            }
            case "jmustache" -> Mustache.compiler().escapeHTML(false).compile("New order #{{id}} from {{customer}}")
                    .execute(Map.of("id", "42", "customer", "山田 太郎"));
            case "config" -> String.valueOf(Notifiers.configFromEnvironment(env).events().keySet());
            case "jdbc" -> {
                try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + env.get("DB_HOST") + ":"
                        + env.get("DB_PORT") + "/" + env.get("DB_NAME"), env.get("DB_USER"), env.get("DB_PASSWORD"));
                     PreparedStatement ps = c.prepareStatement("SELECT o.id, c.name FROM orders o JOIN customers c "
                             + "ON c.id = o.customer_id WHERE o.id = ?")) {
                    ps.setLong(1, 42);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        yield rs.getString(2);
                    }
                }
            }
            case "http" -> {
                HttpURLConnection c = (HttpURLConnection) URI.create(env.get("WEBHOOK_URL")).toURL().openConnection();
                c.setDoOutput(true);
                c.setRequestMethod("POST");
                c.setRequestProperty("Content-Type", "application/json; charset=utf-8");
                byte[] body = "{\"text\":\"probe\"}".getBytes(StandardCharsets.UTF_8);
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
                int status = c.getResponseCode();
                c.getInputStream().readAllBytes();
                c.disconnect();
                yield String.valueOf(status);
            }
            case "jdk-httpclient" -> {
                // what WebhookClient deliberately does not use; here to keep that decision measured
                java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
                java.net.http.HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(
                                URI.create(env.get("WEBHOOK_URL")))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\":\"probe\"}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                yield String.valueOf(r.statusCode());
            }
            default -> throw new IllegalArgumentException("unknown stage " + args[0]);
        };
        System.out.println(args[0] + ": " + result);
        System.exit(0);
    }
}
