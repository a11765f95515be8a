package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsnotify.awslocal.AwsLocal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS options through the packaged jar, as a user runs it. */
class AwsOptionsJarIT {
    @TempDir
    Path dir;

    @Test
    void help_shouldShowTheTimeout_forEveryAwsCommand() throws Exception {
        for (String command : List.of("deploy", "test-event", "sync-cf-routes", "check-subnets", "validate-s3-endpoint")) {
            JarRunner.Result r = JarRunner.run(Map.of(), dir, command, "--help");

            assertThat(r.exitCode()).as(command).isZero();
            assertThat(r.stdout()).as(command).contains("-t, --timeout=SECONDS").contains("default: 30, deploy: 300");
        }
    }

    @Test
    void jar_shouldExit3WithOneLine_whenTheEndpointNeverAnswers() throws Exception {
        try (AwsLocal aws = AwsLocal.start()) {
            aws.hangEverything();

            JarRunner.Result r = JarRunner.run(CliRun.awsEnv(aws), dir, "test-event", "--topic-arn",
                    "arn:aws:sns:ap-northeast-1:123456789012:opsnotify-events", "--type", "order.created", "--id", "42",
                    "-t", "2");

            assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
            assertThat(r.stderr().strip()).matches("opsnotify: timed out after \\d+ s waiting for SNS Publish \\(--timeout 2\\)");
        }
    }

    @Test
    void jar_shouldExit2BeforeAnyCall_whenTheEndpointUrlCarriesCredentials() throws Exception {
        try (AwsLocal aws = AwsLocal.start()) {
            Map<String, String> env = CliRun.awsEnv(aws);
            env.put("AWS_ENDPOINT_URL", "http://admin:hunter2@" + aws.endpoint().getAuthority());

            JarRunner.Result r = JarRunner.run(env, dir, "check-subnets", "--subnet-ids", "subnet-0a1b2c3d");

            assertThat(r.exitCode()).isEqualTo(ExitCodes.CRITICAL);
            assertThat(r.stderr().lines().toList()).hasSize(2).first().asString()
                    .startsWith("opsnotify: AWS_ENDPOINT_URL '").contains("must be an http(s) URL with a host");
            assertThat(r.stderr()).endsWith("see 'opsnotify check-subnets --help'\n");
            assertThat(r.all()).doesNotContain("hunter2");
            assertThat(aws.calls()).isEmpty();
        }
    }
}
