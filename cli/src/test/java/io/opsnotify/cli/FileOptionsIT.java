package io.opsnotify.cli;

import java.io.RandomAccessFile;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

import io.opsnotify.awslocal.AwsLocal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finding 7: every file option whose file cannot be read (no such file, a directory, a path
 * through a file) is invalid input: exit 2, one line naming the option and the path, no
 * exception class name, no --stacktrace hint, and no AWS call.
 */
class FileOptionsIT {
    static final String TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:opsnotify-events";

    AwsLocal aws;
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        aws = AwsLocal.start();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    /** The command line with {@code @} standing for the file, and the option that names it. */
    static Stream<Arguments> fileOptions() {
        List<List<String>> lines = List.of(
                List.of("--sns-message", "sync-cf-routes", "--route-table-ids", "rtb-0aaa1111bbbb22223", "--nat-gateway-id",
                        "nat-0bbb2222cccc33334", "--sns-message", "@", "--dry-run"),
                List.of("--source", "sync-cf-routes", "--route-table-ids", "rtb-0aaa1111bbbb22223", "--nat-gateway-id",
                        "nat-0bbb2222cccc33334", "--source", "@", "--dry-run"),
                List.of("--policy-file", "validate-s3-endpoint", "--region", "eu-west-1", "--policy-file", "@"),
                List.of("--event-file", "invoke", "--config", "CONFIG", "--event-file", "@", "--dry-run"),
                List.of("--config", "test-event", "--config", "@", "--type", "order.created", "--id", "42"),
                List.of("--event-file", "test-event", "--topic-arn", TOPIC, "--type", "order.created", "--event-file", "@"),
                List.of("--config", "check-subnets", "--config", "@"));
        List<Arguments> out = new ArrayList<>();
        for (List<String> line : lines) {
            for (String kind : List.of("missing", "directory", "through a file")) {
                out.add(Arguments.of(line.get(0), line.subList(1, line.size()), kind));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2}: {1}")
    @MethodSource("fileOptions")
    void unreadableFile_shouldBeOneLineNamingTheOptionAndPath_exit2_noAwsCall(String option, List<String> line, String kind)
            throws IOException {
        Path file = switch (kind) {
            case "missing" -> dir.resolve("nonexistent.json");
            case "directory" -> Files.createDirectories(dir.resolve("a-directory"));
            default -> Files.writeString(dir.resolve("plain.txt"), "x").resolve("below.json");
        };
        String why = switch (kind) {
            case "missing" -> ": no such file";
            case "directory" -> ": is a directory";
            default -> ": cannot read";
        };
        Path config = config();
        List<String> args = line.stream().map(a -> a.equals("@") ? file.toString() : a.equals("CONFIG") ? config.toString() : a)
                .toList();
        Map<String, String> env = new HashMap<>(CliRun.awsEnv(aws));
        env.put("DEMO_DB_PASSWORD", "not-a-real-password");

        CliRun r = CliRun.run(env, args.toArray(String[]::new));

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        String text = r.all();
        assertThat(text).as(r.all()).contains(option + " " + file + why).doesNotContain("Exception").doesNotContain("--stacktrace")
                .doesNotContain("\tat ");
        assertThat(text.lines().filter(l -> l.contains(file.toString()))).as(r.all()).hasSize(1);
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void sourceFile_shouldBeReadWithABound_notWhole() throws IOException {
        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(64L * 1024 * 1024 + 1); // sparse: one byte past the bound
        }

        CliRun r = CliRun.run(CliRun.awsEnv(aws), "sync-cf-routes", "--route-table-ids", "rtb-0aaa1111bbbb22223",
                "--nat-gateway-id", "nat-0bbb2222cccc33334", "--source", huge.toString(), "--dry-run");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.all()).contains("--source " + huge + " is larger than 67108864 bytes");
        assertThat(aws.calls()).isEmpty();
    }

    Path config() throws IOException {
        Path file = dir.resolve("opsnotify.yaml");
        if (!Files.exists(file)) {
            try (InputStream in = FileOptionsIT.class.getResourceAsStream("/demo/opsnotify.yaml")) {
                Files.write(file, in.readAllBytes());
            }
        }
        return file;
    }
}
