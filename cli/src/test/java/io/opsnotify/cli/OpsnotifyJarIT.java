package io.opsnotify.cli;

import java.io.File;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.notifier.config.YamlWalk;
import io.opsnotify.localwebhook.LocalWebhookReceiver;
import io.opsnotify.localwebhook.LocalWebhookReceiver.Reply;
import io.opsnotify.testkit.Fixtures;
import io.opsnotify.testkit.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as an operator runs it, against a real MariaDB and a real HTTP Slack stand-in. */
class OpsnotifyJarIT {
    static final String DB_PASSWORD = "cli-Pa55-never-printed";
    static TestDatabase db;
    static String dbUrl;
    static LocalWebhookReceiver slack;
    final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() throws IOException {
        db = TestDatabase.get();
        // the demo's own sample data, on a real MariaDB this time
        dbUrl = DemoSchema.create("cli", "cli_ro", DB_PASSWORD);
        slack = LocalWebhookReceiver.start();
    }

    @AfterAll
    static void stop() {
        slack.close();
    }

    @BeforeEach
    void reset() {
        slack.reset();
    }

    /** The demo's config pointed at the real MariaDB, as an operator's opsnotify.yaml. */
    Path config() throws IOException {
        String yaml = new String(OpsnotifyJarIT.class.getResourceAsStream("/demo/opsnotify.yaml").readAllBytes(), StandardCharsets.UTF_8)
                .replace("url: jdbc:mariadb://replica.internal:3306/shop", "url: " + dbUrl)
                .replace("user: sa", "user: cli_ro")
                .replace("password: ${env:DEMO_DB_PASSWORD}", "password: ${env:DB_PASSWORD}");
        Path file = dir.resolve("opsnotify.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    Map<String, String> env() {
        return new HashMap<>(Map.of("DB_PASSWORD", DB_PASSWORD, "SLACK_WEBHOOK_URL", slack.url()));
    }

    static void assertNoSecret(JarRunner.Result r) {
        assertThat(r.all()).doesNotContain(DB_PASSWORD)
                .doesNotContain(LocalWebhookReceiver.PATH)
                .doesNotContain("opsnotify-local-receiver-token");
    }

    @Test
    void version_shouldComeFromTheManifest() throws Exception {
        JarRunner.Result r = JarRunner.run(Map.of(), dir, "--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).startsWith("opsnotify 0.1.0").doesNotContain("development build");
    }

    /** The jar in a JVM with these flags, stdout going where {@code stdout} says; returns exit code and stderr. */
    JarRunner.Result runWith(List<String> jvmFlags, ProcessBuilder.Redirect stdout, boolean closeStdout, String... args)
            throws Exception {
        return runWith(Map.of(), jvmFlags, stdout, null, closeStdout, args);
    }

    JarRunner.Result runWith(Map<String, String> env, List<String> jvmFlags, ProcessBuilder.Redirect stdout, Path stdin,
            boolean closeStdout, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-jar", JarRunner.JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(stdout)
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(stdin == null ? new File("/dev/null") : stdin.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("DB_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (closeStdout) {
            p.getInputStream().close(); // the reader is gone before the JVM has even started: EPIPE on the first write
        }
        if (!p.waitFor(JarRunner.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("did not finish");
        }
        return new JarRunner.Result(p.exitValue(), "", Files.readString(err));
    }

    @Test
    void fileOptions_shouldTakeFileUrlsAndStdin_likeTheAwsCli() throws Exception {
        Map<String, String> env = env();
        env.remove("SLACK_WEBHOOK_URL");
        Path out = dir.resolve("stdout.txt");

        JarRunner.Result r = runWith(env, List.of(), ProcessBuilder.Redirect.to(out.toFile()),
                Fixtures.path("fixtures/sns/order-created-42.json"), false,
                "invoke", "--config", "file://" + config(), "--event-file", "-", "--dry-run");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode payload = json.readTree(Files.readString(out));
        assertThat(payload.path("text").asText()).startsWith("New order #42 by ");
        assertThat(slack.requestCount()).isZero();
        assertNoSecret(r);
    }

    /** The jar with {@code stdin} bytes written into a pipe (no file size to look at): exit code, stderr, bytes the pipe took. */
    record Piped(int exitCode, String stderr, long accepted) {
    }

    Piped runPiped(Map<String, String> env, long stdinBytes, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JarRunner.JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("DB_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        AtomicLong accepted = new AtomicLong();
        Thread writer = new Thread(() -> {
            byte[] chunk = ("# padding " + "x".repeat(1013) + "\n").getBytes(StandardCharsets.UTF_8); // 1 KiB of comment
            try (OutputStream in = p.getOutputStream()) {
                for (long sent = 0; sent < stdinBytes; sent += chunk.length) {
                    in.write(chunk);
                    accepted.addAndGet(chunk.length);
                }
            } catch (IOException e) { // the reader stopped and closed its end: what a bounded read does
            }
        });
        writer.setDaemon(true);
        writer.start();
        if (!p.waitFor(JarRunner.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("did not finish");
        }
        writer.join(10_000);
        return new Piped(p.exitValue(), Files.readString(err), accepted.get());
    }

    @Test
    void stdinForAFileOption_shouldBeReadOnlyUpToThatOptionsLimit_thenRefused() throws Exception {
        long huge = 256L * 1024 * 1024; // far more than any limit; the pipe holds 64 KiB
        Map<String, String> aws = Map.of("AWS_REGION", "ap-northeast-1", "AWS_ACCESS_KEY_ID", "AKIATEST",
                "AWS_SECRET_ACCESS_KEY", "test-secret-key", "AWS_ENDPOINT_URL", "http://127.0.0.1:9");

        Piped config = runPiped(env(), huge, "check-dns", "--config", "-");
        Piped event = runPiped(env(), huge, "invoke", "--config", config().toString(), "--event-file", "-", "--dry-run");
        Piped sns = runPiped(aws, huge, "sync-cf-routes", "--route-table-ids", "rtb-0a1b2c3d", "--nat-gateway-id",
                "nat-0123456789abcdef0", "--sns-message", "-", "--yes");
        Piped testEvent = runPiped(aws, huge, "test-event", "--config", "-", "--id", "42");

        assertThat(config.exitCode()).as(config.stderr()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(config.stderr()).contains("larger than 1 MiB");
        assertThat(config.accepted()).as("bytes read").isLessThan(4L * 1024 * 1024);
        assertThat(event.exitCode()).as(event.stderr()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(event.stderr().lines()).containsExactly("opsnotify: --event-file standard input is larger than "
                + (256 * 1024 + 64 * 1024) + " bytes (an SNS message is at most 256 KB)", "see 'opsnotify invoke --help'");
        assertThat(event.accepted()).isLessThan(4L * 1024 * 1024);
        assertThat(slack.requestCount()).isZero();
        assertThat(sns.exitCode()).as(sns.stderr()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(sns.stderr().lines().findFirst()).contains("opsnotify: --sns-message standard input is larger than "
                + (256 * 1024 + 64 * 1024) + " bytes (an SNS message is at most 256 KB)");
        assertThat(sns.accepted()).isLessThan(4L * 1024 * 1024);
        assertThat(testEvent.exitCode()).as(testEvent.stderr()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(testEvent.stderr().lines().findFirst()).contains("opsnotify: --config standard input is larger than "
                + YamlWalk.MAX_FILE_BYTES + " bytes (1 MiB): a configuration is far smaller");
        assertThat(testEvent.accepted()).isLessThan(4L * 1024 * 1024);
    }

    @Test
    void launcher_shouldFindTheJar_whenSymlinkedOntoThePath() throws Exception {
        Path script = Path.of("..", "scripts", "opsnotify").toAbsolutePath().normalize();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(elsewhere.resolve("opsnotify"), script);
        Files.createSymbolicLink(bin.resolve("opsnotify"), Path.of("..", "elsewhere", "opsnotify")); // relative, two hops
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "opsnotify --version").directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().remove("OPSNOTIFY_JAR");
        pb.environment().put("OPSNOTIFY_NO_CDS", "1");
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("PATH", bin + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        assertThat(p.waitFor(JarRunner.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("opsnotify 0.1.0");
    }

    @Test
    void output_shouldExit3_whenStdoutIsAFullDisk() throws Exception {
        JarRunner.Result r = runWith(List.of(), ProcessBuilder.Redirect.to(new File("/dev/full")), false, "--version");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.stderr()).isEqualTo("opsnotify: could not write the output (standard output closed or its disk full)\n");
    }

    @Test
    void output_shouldExit3_whenStdoutIsAClosedPipe() throws Exception {
        JarRunner.Result r = runWith(List.of(), ProcessBuilder.Redirect.PIPE, true, "completion");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.stderr()).contains("opsnotify: could not write the output");
    }

    @Test
    void outOfMemory_shouldExit3WithOneLine_notTheJvmsExitCode1() throws Exception {
        // the demo (an embedded database, rendering) needs more than 7 MB of heap
        JarRunner.Result r = runWith(List.of("-Xmx7m", "-XX:+UseSerialGC"), ProcessBuilder.Redirect.DISCARD, false, "demo");

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.stderr()).contains("opsnotify: out of memory (Java heap space)").doesNotContain("\tat ");
    }

    @Test
    void help_shouldPrintNoPicocliWarning_forAnyCommand() throws Exception {
        for (String cmd : List.of("check-dns", "validate-s3-endpoint", "check-subnets", "sync-cf-routes", "invoke", "deploy")) {
            JarRunner.Result r = JarRunner.run(Map.of(), dir, cmd, "--help");

            assertThat(r.exitCode()).isZero();
            assertThat(r.stderr()).as(cmd).isEmpty();
        }
    }

    @Test
    void usageError_shouldBeOneLineAndAHint_andBareOpsnotifyExits2() throws Exception {
        JarRunner.Result unknown = JarRunner.run(Map.of(), dir, "check-dns", "--hots", "replica");
        JarRunner.Result bare = JarRunner.run(Map.of(), dir);

        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(unknown.stderr().lines()).hasSize(2).last().isEqualTo("see 'opsnotify check-dns --help'");
        assertThat(bare.exitCode()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(bare.stderr()).contains("Commands:");
    }

    @Test
    void help_shouldListTheExitCodes_forEveryCommand() throws Exception {
        for (String cmd : List.of("invoke", "demo")) {
            JarRunner.Result r = JarRunner.run(Map.of(), dir, cmd, "--help");

            assertThat(r.exitCode()).isZero();
            assertThat(r.stdout()).contains("Exit codes:").contains("3   UNKNOWN").contains("2   CRITICAL");
        }
    }

    @Test
    void demo_shouldShowEscapedAndJapaneseMessages_withNothingInstalled() throws Exception {
        JarRunner.Result r = JarRunner.run(Map.of(), dir, "demo");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("│ <!channel> & <https://evil.example|bank> (free)")
                .contains("山田 太郎")
                .contains("duplicate: this MessageId was already delivered")
                .contains("failed (row-not-found)")
                .contains("The local webhook received 3 messages");
        assertThat(r.stdout()).doesNotContain("@channel [real mention]");
        assertNoSecret(r);
    }

    @Test
    void demo_shouldPrintEscapedPayloads_whenOutputIsJson() throws Exception {
        JarRunner.Result r = JarRunner.run(Map.of(), dir, "demo", "--output", "json");

        JsonNode root = json.readTree(r.stdout());
        String text = root.path("events").get(0).path("payload").path("text").asText();
        assertThat(text).isEqualTo("New order #42 by &lt;!channel&gt; &amp; &lt;https://evil.example|bank&gt;: 129.90 USD");
    }

    @Test
    void invoke_shouldPrintPayloadAndPostNothing_whenDryRun() throws Exception {
        Map<String, String> env = env();
        env.remove("SLACK_WEBHOOK_URL"); // a dry run does not need the secret

        JarRunner.Result r = JarRunner.run(env, dir, "invoke", "--config", config().toString(),
                "--type", "order.created", "--id", "43", "--dry-run");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode payload = json.readTree(r.stdout());
        assertThat(payload.path("text").asText()).isEqualTo("New order #43 by 山田 太郎: 15800.00 JPY");
        assertThat(payload.path("blocks").size()).isEqualTo(4);
        assertThat(slack.requestCount()).isZero();
        assertNoSecret(r);
    }

    @Test
    void invoke_shouldDeliverTheSnsFixture_toTheWebhook() throws Exception {
        JarRunner.Result r = JarRunner.run(env(), dir, "invoke", "--config", config().toString(),
                "--event-file", Fixtures.path("fixtures/sns/order-created-42.json").toString());

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).startsWith("delivered order.created id 42 in 1 attempt");
        assertThat(slack.requestCount()).isEqualTo(1);
        assertThat(slack.received().get(0).body()).contains("&lt;!channel&gt;").doesNotContain("<!channel>");
        JsonNode log = json.readTree(r.stderr().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        assertThat(log.path("outcome").asText()).isEqualTo("delivered");
        assertThat(log.path("messageId").asText()).isEqualTo("95df01b4-ee98-5cb9-9903-4c221d41eb5e");
        assertNoSecret(r);
    }

    @Test
    void invoke_shouldExit3WithSlacksReason_whenWebhookIsGone() throws Exception {
        slack.replies(Reply.error(404, "no_service"));

        JarRunner.Result r = JarRunner.run(env(), dir, "invoke", "--config", config().toString(),
                "--type", "order.created", "--id", "42");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.stderr()).contains("opsnotify: order.created id 42 not delivered: Slack rejected the message: HTTP 404 no_service");
        assertThat(slack.requestCount()).isEqualTo(1);
        assertNoSecret(r);
    }

    @Test
    void invoke_shouldUseTheWebhookOption_andNeverPrintIt() throws Exception {
        Map<String, String> env = env();
        env.put("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T000/B000/not-used");

        JarRunner.Result r = JarRunner.run(env, dir, "invoke", "--config", config().toString(),
                "--type", "customer.signed_up", "--id", "2", "--webhook", slack.url(), "--output", "json");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(json.readTree(r.stdout()).get(0).path("outcome").asText()).isEqualTo("delivered");
        assertThat(json.readTree(slack.received().get(0).body()).path("text").asText()).isEqualTo("New business customer: 山田 太郎");
        assertNoSecret(r);
    }

    @Test
    void invoke_shouldExit2_whenEventTypeIsUnknown() throws Exception {
        JarRunner.Result r = JarRunner.run(env(), dir, "invoke", "--config", config().toString(),
                "--type", "order.deleted", "--id", "42");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.stderr()).contains("unknown event type 'order.deleted' (configured: customer.signed_up, order.created)");
        assertThat(slack.requestCount()).isZero();
    }

    @Test
    void invoke_shouldExit3_whenTheDatabaseIsDown() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path cfg = config();
        Files.writeString(cfg, Files.readString(cfg).replace(dbUrl, "jdbc:mariadb://127.0.0.1:" + closed + "/shop"));

        JarRunner.Result r = JarRunner.run(env(), dir, "invoke", "--config", cfg.toString(), "--type", "order.created", "--id", "42");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.stderr()).contains("database error");
        assertThat(slack.requestCount()).isZero();
        assertNoSecret(r);
    }

    @Test
    void invoke_shouldReportEveryConfigProblemWithItsLine_andExit2() throws Exception {
        Path cfg = dir.resolve("broken.yaml");
        Files.writeString(cfg, """
                database:
                  url: jdbc:mariadb://replica:3306/shop
                  pasword: x
                slack:
                  webhookUrl: ${env:NOT_SET_ANYWHERE}
                events:
                  order.created:
                    query: SELECT * FROM orders WHERE id = 42
                    text: "Order {{#id}}"
                """);

        JarRunner.Result r = JarRunner.run(Map.of(), dir, "invoke", "--config", cfg.toString(), "--type", "order.created", "--id", "1");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.stderr()).contains("4 configuration problems")
                .contains("line 3:3: database.pasword: unknown key")
                .contains("line 5:15: slack.webhookUrl: environment variable NOT_SET_ANYWHERE is not set")
                .contains("line 8:12: events.order.created.query: query has no :id placeholder")
                .contains("events.order.created.text:");
        assertThat(r.stderr().lines().filter(l -> l.contains("at io.opsnotify"))).isEmpty();
    }

    @Test
    void invoke_shouldExit2_whenTheConfigFileIsMissing() throws Exception {
        JarRunner.Result r = JarRunner.run(Map.of(), dir, "invoke", "--type", "order.created", "--id", "1");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.stderr()).contains("opsnotify.yaml").contains("file not found");
    }
}
