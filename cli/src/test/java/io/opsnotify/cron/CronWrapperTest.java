package io.opsnotify.cron;

import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/cron/opsnotify-cron with a stand-in for opsnotify: exit code, log, lock. */
class CronWrapperTest {
    static final Path WRAPPER = Path.of("..", "scripts", "cron", "opsnotify-cron").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    Process start(String fakeBody, String... args) throws Exception {
        return start(Map.of(), fakeBody, args);
    }

    Process start(Map<String, String> env, String fakeBody, String... args) throws Exception {
        Path fake = dir.resolve("fake-opsnotify");
        Files.writeString(fake, "#!/usr/bin/env bash\n" + fakeBody + "\n");
        fake.toFile().setExecutable(true);
        String[] cmd = new String[args.length + 1];
        cmd[0] = WRAPPER.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OPSNOTIFY", fake.toString());
        pb.environment().put("OPSNOTIFY_LOG_DIR", dir.resolve("log").toString());
        pb.environment().put("OPSNOTIFY_LOCK_DIR", dir.toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    @Test
    void wrapper_shouldPassTheExitCodeThrough_andLogOutputWithStartAndEnd() throws Exception {
        Process p = start("echo \"WARNING: args $*\"; exit 1", "cf", "--", "sync-cf-routes", "--yes");

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(1);
        String log = Files.readString(dir.resolve("log").resolve("cf.log"));
        assertThat(log).contains("cf: start: opsnotify sync-cf-routes --yes", "WARNING: args sync-cf-routes --yes", "cf: exit 1");
    }

    @Test
    void wrapper_shouldSkipWithExit3_whenThePreviousRunIsStillGoing() throws Exception {
        Path marker = dir.resolve("started");
        Process first = start("touch " + marker + "; sleep 5; exit 0", "cf", "--", "sync-cf-routes");
        for (int i = 0; i < 100 && !Files.exists(marker); i++) {
            Thread.sleep(50);
        }

        Process second = start("echo must-not-run; exit 0", "cf", "--", "sync-cf-routes");
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(second.exitValue()).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("log").resolve("cf.log"))).contains("previous run is still going")
                .doesNotContain("must-not-run");
        first.destroy();
        first.waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void wrapper_shouldExit2WithUsage_whenTheSeparatorIsMissing() throws Exception {
        Process p = start("exit 0", "cf", "sync-cf-routes");

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getInputStream().readAllBytes())).contains("usage:");
    }

    @Test
    void wrapper_shouldKillARunThatOutlivesItsTimeout_exit3_andFreeTheLock() throws Exception {
        // the stand-in ignores its -t 1 and would hold the lock for 10 minutes
        Process hung = start(Map.of("OPSNOTIFY_CRON_GRACE", "1"), "echo started; sleep 600; exit 0",
                "cf", "--", "sync-cf-routes", "-t", "1", "--yes");

        assertThat(hung.waitFor(60, TimeUnit.SECONDS)).as("the wrapper ended (hang guard)").isTrue();

        assertThat(hung.exitValue()).isEqualTo(3);
        String log = Files.readString(dir.resolve("log").resolve("cf.log"));
        assertThat(log).contains("started", "cf: killed: still running after 2 s (its 1 s bound + 1 s grace)", "cf: exit 3");
        Process next = start("echo second-run; exit 0", "cf", "--", "sync-cf-routes");
        assertThat(next.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(next.exitValue()).as("the lock was free").isZero();
        assertThat(Files.readString(dir.resolve("log").resolve("cf.log"))).contains("second-run");
    }

    @Test
    void wrapper_shouldBoundTheRun_byTheCommandsTimeoutOption() throws Exception {
        Process p = start(Map.of("OPSNOTIFY_CRON_GRACE", "0"), "sleep 600",
                "s3", "--", "validate-s3-endpoint", "--vpc-endpoint-id", "vpce-0a1b2c3d", "--timeout=2");

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the wrapper ended (hang guard)").isTrue();

        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("log").resolve("s3.log"))).contains("killed: still running after 2 s (its 2 s bound");
    }

    @Test
    void wrapper_shouldLetAFastRunFinish_underTheDefaultBound() throws Exception {
        Process p = start("echo \"OK: args $*\"; exit 0", "subnets", "--", "check-subnets", "--function", "f");

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("log").resolve("subnets.log"))).contains("OK: args check-subnets --function f")
                .doesNotContain("killed");
    }
}
