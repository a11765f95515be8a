package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.opsnotify.awslocal.AwsLocal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every AWS command against an AWS endpoint that accepts connections and never answers
 * ({@link AwsLocal#hangNext}): the command ends with UNKNOWN (exit 3) and one line naming what
 * it waited for, instead of waiting out 60 s socket timeouts × 6 attempts. The JUnit timeouts
 * here are hang guards only, far above the commands' own limits.
 */
class AwsTimeoutIT {
    /** A hang guard, not a speed assertion: several times any --timeout used here. */
    static final Duration GUARD = Duration.ofSeconds(90);

    AwsLocal aws;
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        aws = AwsLocal.start();
        aws.ec2().addVpc("vpc-0abc1234", "10.0.0.0/16");
        aws.ec2().addSubnet("subnet-0a1b2c3d", "vpc-0abc1234", "ap-northeast-1a", "10.0.1.0/24", 251);
        aws.ec2().addSubnet("subnet-4e5f6a7b", "vpc-0abc1234", "ap-northeast-1c", "10.0.2.0/24", 251);
        aws.ec2().addSecurityGroup("sg-0123abcd", "opsnotify", "vpc-0abc1234");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    CliRun run(String... args) {
        return assertTimeoutPreemptively(GUARD, () -> CliRun.run(CliRun.awsEnv(aws), args));
    }

    @Test
    void checkSubnets_shouldBeUnknownWithOneLine_whenEc2NeverAnswers() {
        aws.hangEverything();

        CliRun r = run("check-subnets", "--subnet-ids", "subnet-0a1b2c3d", "-t", "3");

        assertThat(r.code()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.firstLine()).matches("UNKNOWN: timed out after \\d+ s waiting for EC2 Describe\\w+ \\(--timeout 3\\)");
        assertThat(aws.calls()).isNotEmpty();
    }

    @Test
    void testEvent_shouldExit3WithOneLine_whenSnsNeverAnswers() {
        aws.hangEverything();

        CliRun r = run("test-event", "--topic-arn", "arn:aws:sns:ap-northeast-1:123456789012:opsnotify-events",
                "--type", "order.created", "--id", "42", "--timeout", "5");

        assertThat(r.code()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err().strip()).matches("opsnotify: timed out after \\d+ s waiting for SNS Publish \\(--timeout 5\\)");
        assertThat(r.out()).isEmpty();
        assertThat(aws.calls("sns", "Publish")).isNotEmpty();
    }

    @Test
    void validateS3Endpoint_shouldBeUnknown_whenEc2NeverAnswers() {
        aws.hangEverything();

        CliRun r = run("validate-s3-endpoint", "--vpc-endpoint-id", "vpce-0a1b2c3d4e5f60718", "-t", "2");

        assertThat(r.code()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.firstLine()).startsWith("UNKNOWN: ").contains("timed out after ", "waiting for EC2 DescribeVpcEndpoints");
    }

    @Test
    void syncCfRoutes_shouldBeUnknownAndChangeNothing_whenEc2NeverAnswers() throws IOException {
        aws.hangEverything();
        String ranges = SyncCfRoutesIT.full();

        CliRun r = run("sync-cf-routes", "--route-table-ids", "rtb-0a1b2c3d", "--nat-gateway-id", "nat-0123456789abcdef0",
                "--source", ranges, "--yes", "-t", "5");

        assertThat(r.code()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.firstLine()).as(r.all()).startsWith("UNKNOWN: "); // the wording is sync-cf-routes' own
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @Test
    void deploy_shouldExit3WithOneLine_whenLambdaNeverAnswers() throws IOException {
        aws.hangEverything();
        Path config = dir.resolve("opsnotify.yaml");
        Files.writeString(config, DeployIT.CONFIG);
        Map<String, String> env = CliRun.awsEnv(aws);
        env.put("SLACK_WEBHOOK_URL", DeployIT.WEBHOOK);
        env.put("DB_PASSWORD", DeployIT.DB_PASSWORD);

        CliRun r = assertTimeoutPreemptively(GUARD, () -> CliRun.run(env, "deploy", "--config", config.toString(),
                "--dry-run", "-t", "3"));

        assertThat(r.code()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err().strip()).matches("opsnotify: timed out after \\d+ s waiting for \\w+ \\w+ \\(--timeout 3\\)");
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @Test
    void deploy_shouldStopWaitingForLambda_whenItsTimeRunsOut_andSayWhatIsDoneAndNot() throws IOException {
        aws.lambda().settleAfterReads(Integer.MAX_VALUE); // the new function stays Pending: the waiter would poll for 5 min
        Path config = dir.resolve("opsnotify.yaml");
        Files.writeString(config, DeployIT.CONFIG);
        Map<String, String> env = CliRun.awsEnv(aws);
        env.put("SLACK_WEBHOOK_URL", DeployIT.WEBHOOK);
        env.put("DB_PASSWORD", DeployIT.DB_PASSWORD);

        CliRun r = assertTimeoutPreemptively(GUARD, () -> CliRun.run(env, "deploy", "--config", config.toString(),
                "--yes", "-t", "15")); // room to plan and create under load; then the waiter runs it out

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err().lines().findFirst().orElse("")).as(r.all())
                .matches("opsnotify: deploy failed at step '.*': timed out after \\d+ s waiting for Lambda GetFunction\\w* \\(--timeout 15\\)");
        assertThat(r.err()).contains("  not done: ");
        assertThat(aws.calls("lambda", "CreateFunction")).hasSize(1);
        assertThat(aws.calls("sns", "Subscribe")).as("nothing after the step that timed out").isEmpty();
    }

    @Test
    void checkSubnets_shouldRetryAndSucceed_whenOnlyTheFirstAttemptHangs() {
        aws.hangNext("ec2", "DescribeSubnets", 1);

        // the old 60 s socket timeout would have held the first attempt past this guard
        CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(45),
                () -> CliRun.run(CliRun.awsEnv(aws), "check-subnets", "--subnet-ids", "subnet-0a1b2c3d,subnet-4e5f6a7b"));

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        assertThat(aws.calls("ec2", "DescribeSubnets")).hasSize(2)
                .extracting(c -> c.attempt()).containsExactly(1, 2);
    }
}
