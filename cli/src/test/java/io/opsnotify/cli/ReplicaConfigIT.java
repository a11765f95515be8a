package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code opsnotify invoke} through the packaged jar: the replica stays read-only and the
 * operator's machine untouched whatever the config says; a mistyped id is invalid input.
 */
class ReplicaConfigIT {
    static final String DB_PASSWORD = "Replica-cfg-pw-909";
    static String dbUrl;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDatabase() throws IOException {
        dbUrl = DemoSchema.create("clireplica", "cfg_ro", DB_PASSWORD);
    }

    Path config(String url, String query) throws IOException {
        Path file = dir.resolve("opsnotify.yaml");
        Files.writeString(file, """
                database:
                  url: "%s"
                  user: cfg_ro
                  password: ${env:DB_PASSWORD}
                  replicaLagWaitMs: 5000
                slack:
                  webhookUrl: https://hooks.slack.com/services/T0/B0/never-used
                events:
                  order.created:
                    query: "%s"
                    text: "order {{id}}"
                """.formatted(url, query));
        return file;
    }

    JarRunner.Result dryRun(Path config, String id) throws Exception {
        return JarRunner.run(Map.of("DB_PASSWORD", DB_PASSWORD, "URL_PW", DB_PASSWORD), dir, "invoke",
                "--config", config.toString(), "--type", "order.created", "--id", id, "--dry-run");
    }

    @Test
    void invoke_shouldRefuseAnH2Url_andRunNothingOnThisMachine() throws Exception {
        Path marker = dir.resolve("pwned.txt");
        Path script = dir.resolve("init.sql");
        Files.writeString(script, "CALL FILE_WRITE('pwned', '" + marker.toAbsolutePath() + "');\n");
        Path cfg = config("jdbc:h2:mem:x;INIT=RUNSCRIPT FROM '" + script.toAbsolutePath() + "'",
                "SELECT 1 AS id WHERE :id = 1");

        JarRunner.Result r = dryRun(cfg, "1");

        assertThat(marker).as("H2's INIT script ran on this machine").doesNotExist();
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.stderr()).contains("line 2:8: database.url: only MariaDB/MySQL replicas are supported");
    }

    @Test
    void invoke_shouldRefuseMultiQueriesAndASecondStatement_withTheirLines() throws Exception {
        Path cfg = config(dbUrl + "?allowMultiQueries=true",
                "SELECT id FROM orders WHERE id = :id; SET SESSION TRANSACTION READ WRITE; INSERT orders VALUES (9, 1, 1)");

        JarRunner.Result r = dryRun(cfg, "42");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.stderr()).contains("line 2:8: database.url: driver option allowMultiQueries refused")
                .contains("line 10:12: events.order.created.query: query must be exactly one statement");
    }

    @Test
    void invoke_shouldExit2AtOnce_whenTheIdIsMistyped() throws Exception {
        Path cfg = config(dbUrl, "SELECT id, total FROM orders WHERE id = :id");

        JarRunner.Result r = dryRun(cfg, "42abc");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.all()).contains("id '42abc'").doesNotContain("order 42").doesNotContain("row not found");
    }

    @Test
    void invoke_shouldReachTheReplica_throughAJdbcMysqlUrl_withThePasswordInTheUrlMasked() throws Exception {
        String url = dbUrl.replace("jdbc:mariadb:", "jdbc:mysql:") + "?password=${env:URL_PW}";
        Path cfg = config(url, "SELECT id, total FROM orders WHERE id = :id");

        JarRunner.Result ok = dryRun(cfg, "42");
        JarRunner.Result missing = dryRun(cfg, "4242");

        assertThat(ok.exitCode()).as(ok.all()).isZero();
        assertThat(ok.stdout()).contains("order 42");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(ok.all() + missing.all()).doesNotContain(DB_PASSWORD);
    }
}
