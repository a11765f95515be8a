package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate-s3-endpoint with a policy file, and its options: no AWS call at all. The AWS endpoint
 * is a local socket that only counts connections, so a test can show that none was made.
 */
class ValidateS3EndpointFileTest {
    static final String VPCE = "vpce-0a1b2c3d4e5f60718";

    /** Accepts and drops connections on 127.0.0.1, counting them: no HTTP is ever answered. */
    static final class ConnectionCounter implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();

        ConnectionCounter() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            }, "connection-counter");
            t.setDaemon(true);
            t.start();
        }

        String endpoint() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    ConnectionCounter aws;
    final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        aws = new ConnectionCounter();
    }

    @AfterEach
    void stop() throws IOException {
        aws.close();
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", "AKIATEST");
        env.put("AWS_SECRET_ACCESS_KEY", "test-secret-key");
        env.put("AWS_REGION", "ap-northeast-1");
        env.put("AWS_ENDPOINT_URL", aws.endpoint());
        return env;
    }

    Map<String, String> envWithoutRegion() {
        Map<String, String> env = env();
        env.remove("AWS_REGION");
        env.remove("AWS_DEFAULT_REGION");
        return env;
    }

    CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("validate-s3-endpoint"));
        all.addAll(List.of(args));
        return CliRun.run(env(), all.toArray(String[]::new));
    }

    @Test
    void validate_shouldBeCriticalWithTheLocationAndCallNoAws_whenAPolicyFileIsNotJson() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, policy("malformed-json.json"), StandardCharsets.UTF_8);

        CliRun r = run("--policy-file", file.toString(), "--output", "json");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        JsonNode f = parse(r.out()).path("findings").get(0);
        assertThat(f.path("severity").asText()).isEqualTo("ERROR");
        assertThat(f.path("location").asText()).isEqualTo("line 9, column 5");
        assertThat(f.path("message").asText()).startsWith("not valid JSON");
        assertThat(aws.connections()).as("a policy file needs no AWS call").isZero();
    }

    @Test
    void validate_shouldBeInvalidInput_whenThePolicyFileCannotBeRead() {
        CliRun r = run("--policy-file", dir.resolve("missing.json").toString());

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).isEqualTo("opsnotify: --policy-file " + dir.resolve("missing.json") + ": no such file\n");
        assertThat(aws.connections()).isZero();
    }

    @Test
    void policyFile_shouldNeedNoRegion_whenNoProfileSetIsChecked() throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, policy("default-full-access.json"), StandardCharsets.UTF_8);

        CliRun r = CliRun.run(envWithoutRegion(), "validate-s3-endpoint", "--policy-file", file.toString(), "--profile-set",
                "none", "--require", "s3:GetObject arn:aws:s3:::shop-app-assets/*");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        assertThat(r.all()).doesNotContain("no AWS region");
        assertThat(aws.connections()).isZero();
    }

    @Test
    void policyFile_withoutRegion_shouldSayWhichProfileSetsNeedOne() throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, policy("default-full-access.json"), StandardCharsets.UTF_8);

        CliRun r = CliRun.run(envWithoutRegion(), "validate-s3-endpoint", "--policy-file", file.toString());

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).isEqualTo("opsnotify: the --profile-set sets al2, al2023, ecr, ssm name their buckets by Region: "
                + "give --region (or set AWS_REGION), or --profile-set none to check only the --require accesses\n"
                + "see 'opsnotify validate-s3-endpoint --help'\n");
        assertThat(aws.connections()).isZero();
    }

    @Test
    void policyFile_shouldTakeTheRegionFromTheEnvironment_forTheProfileSets() throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, policy("default-full-access.json"), StandardCharsets.UTF_8);
        Map<String, String> env = envWithoutRegion();
        env.put("AWS_DEFAULT_REGION", "eu-west-1");

        CliRun r = CliRun.run(env, "validate-s3-endpoint", "--policy-file", file.toString(), "--output", "json");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("arn:aws:s3:::al2023-repos-eu-west-1-de612dc2/*");
        assertThat(aws.connections()).isZero();
    }

    @Test
    void validate_shouldExit2BeforeAnyAwsCall_whenOptionsAreInvalid() {
        CliRun badSet = run("--vpc-endpoint-id", VPCE, "--profile-set", "al2,centos");
        CliRun badRequire = run("--vpc-endpoint-id", VPCE, "--require", "GetObject");
        CliRun both = run("--vpc-endpoint-id", VPCE, "--policy-file", "p.json");

        assertThat(badSet.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(badSet.err()).contains("unknown --profile-set \"centos\"");
        assertThat(badRequire.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(badRequire.err()).contains("--require takes \"ACTION ARN\"");
        assertThat(both.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(aws.connections()).isZero();
    }

    @Test
    void validate_shouldRefuseWithoutLinting_whenAPolicyFileIsOverAwsLimit() throws IOException {
        Path file = Files.writeString(dir.resolve("huge.json"), hugePolicy(), StandardCharsets.UTF_8);

        CliRun r = run("--policy-file", file.toString(), "--output", "json");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        JsonNode report = parse(r.out());
        assertThat(report.path("summary").asText()).startsWith("CRITICAL: the policy is invalid: ")
                .contains("is longer than 20480 characters, over AWS's limit of 20480 characters");
        assertThat(report.path("findings")).as("nothing was parsed or linted").isEmpty();
        assertThat(aws.connections()).isZero();
    }

    @Test
    void validate_shouldAcceptFileUrlsAndStdin_likeTheAwsCli() throws IOException {
        Path file = Files.writeString(dir.resolve("policy.json"), policy("default-full-access.json"), StandardCharsets.UTF_8);
        Path relative = Path.of("").toAbsolutePath().relativize(file);

        CliRun plain = run("--policy-file", file.toString());
        CliRun absoluteUrl = run("--policy-file", "file://" + file);
        CliRun relativeUrl = run("--policy-file", "file://" + relative);
        InputStream stdin = System.in;
        CliRun fromStdin;
        try {
            System.setIn(new ByteArrayInputStream(policy("default-full-access.json").getBytes(StandardCharsets.UTF_8)));
            fromStdin = run("--policy-file", "-");
        } finally {
            System.setIn(stdin);
        }

        assertThat(plain.code()).as(plain.all()).isEqualTo(ExitCodes.OK);
        for (CliRun r : List.of(absoluteUrl, relativeUrl, fromStdin)) {
            assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
            assertThat(r.firstLine()).isEqualTo(plain.firstLine());
        }
        assertThat(fromStdin.out()).contains("Policy: standard input");
    }

    @Test
    void validate_shouldEscapeControlAndBidiCharacters_fromThePolicy() throws IOException {
        // ESC sequences, BEL, CR, bidi override, LF, and a private-use character beyond the BMP (U+F0000)
        String sid = "Ok\u001b[2J\u001b]0;owned\u0007\rOK: all fine\u202eevil\nOK: forged line\uDB80\uDC00";
        String text = policy("default-full-access.json").replace("\"Action\"",
                "\"Sid\": " + json.writeValueAsString(sid) + ",\n      \"Action\"");
        Path file = Files.writeString(dir.resolve("hostile.json"), text, StandardCharsets.UTF_8);

        CliRun r = run("--policy-file", file.toString());
        CliRun j = run("--policy-file", file.toString(), "--output", "json");

        assertThat(r.out()).contains("Ok\\u001B[2J");
        for (CliRun x : List.of(r, j)) {
            assertThat(x.all()).doesNotContain("\u001b", "\u0007", "\r", "\u202e");
            assertThat(x.out().lines()).noneMatch(l -> l.startsWith("OK: forged"));
        }
        // the JSON is still valid and carries the value itself, only escaped
        assertThat(parse(j.out()).toString()).contains("\u202eevil\\nOK: forged line\uDB80\uDC00");
        assertThat(r.out()).contains("forged line\\uDB80\\uDC00");
        assertThat(j.out()).doesNotContain("\uDB80").contains("\\uDB80\\uDC00");
    }

    @Test
    void validate_shouldListExamplesAndExitCodes_inHelp() {
        CliRun r = run("--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Examples:", "--vpc-endpoint-id", "--profile-set", "Exit codes:", "2   CRITICAL");
    }


    @Test
    void validate_shouldExit2BeforeAnyAwsCall_whenAContextIsNotKeyValue() {
        CliRun r = run("--vpc-endpoint-id", "vpce-0a1b2c3d4e5f60718", "--context", "aws:PrincipalOrgID");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).isEqualTo("opsnotify: --context takes KEY=VALUE, e.g. aws:PrincipalOrgID=o-a1b2c3d4e5, "
                + "not \"aws:PrincipalOrgID\"\nsee 'opsnotify validate-s3-endpoint --help'\n");
        assertThat(aws.connections()).isZero();
    }

    @Test
    void connectionCounter_shouldSeeTheCall_whenTheCommandDoesCallAws() {
        // what makes the "no AWS call" assertions above able to fail
        CliRun r = run("--vpc-endpoint-id", VPCE, "-t", "5");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.firstLine()).startsWith("UNKNOWN: ");
        assertThat(aws.connections()).isPositive();
    }

    /** About 2 MB of valid statements: far over AWS's 20,480-character limit. */
    static String hugePolicy() {
        StringBuilder sb = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        for (int i = 0; sb.length() < 2_000_000; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"Sid\":\"S").append(i).append("\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                    + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket-").append(i).append("/*\"}");
        }
        return sb.append("]}").toString();
    }

    JsonNode parse(String out) {
        try {
            return json.readTree(out);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + out, e);
        }
    }

    static String policy(String name) {
        try (InputStream in = ValidateS3EndpointFileTest.class.getResourceAsStream("/s3policy/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
