package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code invoke --id} through the packaged jar on a real MariaDB: an id with leading zeros is
 * invalid input, as in an event file, not quietly another row.
 */
class CommandLineIdIT {
    static final String DB_PASSWORD = "Cli-id-pw-4711";
    static String dbUrl;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDatabase() throws IOException {
        dbUrl = DemoSchema.create("cliids", "cliid_ro", DB_PASSWORD);
    }

    JarRunner.Result dryRun(String id) throws Exception {
        Path file = dir.resolve("opsnotify.yaml");
        Files.writeString(file, """
                database:
                  url: "%s"
                  user: cliid_ro
                  password: ${env:DB_PASSWORD}
                slack:
                  webhookUrl: https://hooks.slack.com/services/T0/B0/never-used
                events:
                  order.created:
                    query: "SELECT id, total FROM orders WHERE id = :id"
                    text: "order {{id}}: {{total}}"
                """.formatted(dbUrl));
        return JarRunner.run(Map.of("DB_PASSWORD", DB_PASSWORD), dir, "invoke",
                "--config", file.toString(), "--type", "order.created", "--id", id, "--dry-run");
    }

    @ParameterizedTest
    @ValueSource(strings = {"042", "0042", "-042"})
    void invoke_shouldExit2_whenTheIdHasLeadingZeros(String id) throws Exception {
        JarRunner.Result r = dryRun(id);

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.all()).contains("no leading zeros").doesNotContain("order 42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42"})
    void invoke_shouldFetchTheRow_whenTheIdIsAPlainWholeNumber(String id) throws Exception {
        JarRunner.Result r = dryRun(id);

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("order 42: 129.90");
    }
}
