package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * check-subnets refuses invalid options (exit 2, one line and where to read more) before any AWS
 * call. The endpoint is a closed local port: a call would have ended UNKNOWN (exit 3), not 2.
 */
class CheckSubnetsOptionsTest {
    static final Map<String, String> ENV = Map.of("AWS_ACCESS_KEY_ID", "AKIATEST", "AWS_SECRET_ACCESS_KEY",
            "test-secret-key", "AWS_REGION", "ap-northeast-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:9");
    static final String TWO = "subnet-0a1b2c3d,subnet-4e5f6a7b";

    static CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("check-subnets"));
        all.addAll(List.of(args));
        return CliRun.run(ENV, all.toArray(String[]::new));
    }

    @Test
    void checkSubnets_shouldExit2_whenCritFreeIsAboveWarnFree() {
        CliRun r = run("--subnet-ids", TWO, "--warn-free", "5", "--crit-free", "10");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("opsnotify: --crit-free (10) must not be more than --warn-free (5)\n"
                + "see 'opsnotify check-subnets --help'\n");
    }

    @Test
    void checkSubnets_shouldExit2_whenLegacyLacksConcurrencyOrMemory() {
        CliRun noMemory = run("--subnet-ids", TWO, "--legacy", "--concurrency", "100");
        CliRun noLegacy = run("--subnet-ids", TWO, "--memory", "1536", "--concurrency", "100");
        CliRun tooSmall = run("--subnet-ids", TWO, "--legacy", "--concurrency", "100", "--memory", "64");

        assertThat(noMemory.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(noMemory.err()).startsWith("opsnotify: --legacy needs --concurrency C and --memory MB\n");
        assertThat(noLegacy.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(noLegacy.err()).startsWith("opsnotify: --concurrency and --memory are for --legacy only\n");
        assertThat(tooSmall.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(tooSmall.err()).startsWith("opsnotify: --concurrency must be at least 1 and --memory 128..10240 MB\n");
    }

    @Test
    void checkSubnets_shouldExit2_whenNoOrTwoSourcesAreGiven() {
        CliRun none = run();
        CliRun two = run("--function", "f", "--subnet-ids", "subnet-0a1b2c3d");
        CliRun three = run("--function", "f", "--config", "x.yaml", "--subnet-ids", "subnet-0a1b2c3d");

        assertThat(none.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(none.err()).startsWith("opsnotify: give --function, --config or --subnet-ids\n");
        assertThat(two.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(two.err()).startsWith("opsnotify: give only one of --function or --subnet-ids\n");
        assertThat(three.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(three.err()).startsWith("opsnotify: give only one of --function, --config or --subnet-ids\n");
    }

    @Test
    void checkSubnets_shouldExit2NamingTheFile_whenTheConfigCannotBeRead() {
        CliRun r = run("--config", "no-such-dir/opsnotify.yaml");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).startsWith("opsnotify: --config no-such-dir/opsnotify.yaml: no such file");
    }

    @Test
    void checkSubnets_shouldListExamplesAndExitCodes_inHelp() {
        CliRun r = run("--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Examples:", "opsnotify check-subnets --function opsnotify-notifier", "Exit codes:",
                "1   WARNING", "3   UNKNOWN", "--warn-free", "--legacy");
    }
}
