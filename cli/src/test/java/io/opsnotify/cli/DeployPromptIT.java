package io.opsnotify.cli;

import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;

import io.opsnotify.awslocal.AwsLocal;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confirmation prompt on a real terminal: the packaged jar runs under script(1), which
 * gives it a pseudo-terminal, and the answer is typed into it.
 */
class DeployPromptIT {
    AwsLocal aws;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        aws = AwsLocal.start();
        aws.ec2().addVpc("vpc-0abc1234", "10.0.0.0/16");
        aws.ec2().addSubnet("subnet-0a1b2c3d", "vpc-0abc1234", "ap-northeast-1a", "10.0.1.0/24", 251);
        aws.ec2().addSubnet("subnet-4e5f6a7b", "vpc-0abc1234", "ap-northeast-1c", "10.0.2.0/24", 251);
        aws.ec2().addSecurityGroup("sg-0123abcd", "opsnotify", "vpc-0abc1234");
        Files.writeString(dir.resolve("opsnotify.yaml"), DeployIT.CONFIG);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    String runOnTerminal(String typed) throws Exception {
        String cmd = String.join(" ", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JarRunner.JAR.toAbsolutePath().toString(), "deploy", "--config", dir.resolve("opsnotify.yaml").toString());
        ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", cmd, "/dev/null").directory(dir.toFile());
        pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIATEST", "AWS_SECRET_ACCESS_KEY", "x",
                "AWS_REGION", "ap-northeast-1", "AWS_ENDPOINT_URL", aws.endpoint().toString(),
                "AWS_EC2_METADATA_DISABLED", "true", "SLACK_WEBHOOK_URL", DeployIT.WEBHOOK, "DB_PASSWORD", DeployIT.DB_PASSWORD,
                "TERM", "dumb"));
        File out = dir.resolve("terminal.txt").toFile();
        pb.redirectErrorStream(true).redirectOutput(out);
        Process p = pb.start();
        // answer once the prompt is on the screen
        for (int i = 0; i < 600 && !Files.readString(out.toPath()).contains("Apply this plan?"); i++) {
            Thread.sleep(100);
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(typed.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return Files.readString(out.toPath()) + "\nexit=" + p.exitValue();
    }

    @Test
    void deploy_shouldNotApply_whenTheAnswerOnTheTerminalIsNo() throws Exception {
        String screen = runOnTerminal("n\r");

        assertThat(screen).contains("Plan: 6 to create", "Apply this plan? [y/N]", "Not applied: nothing was changed.", "exit=1");
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @Test
    void deploy_shouldApply_whenTheAnswerOnTheTerminalIsYes() throws Exception {
        String screen = runOnTerminal("y\r");

        assertThat(screen).contains("Apply this plan? [y/N]", "Deployed:", "exit=0");
        assertThat(aws.lambda().functions()).extracting(f -> f.name()).isEqualTo(List.of("opsnotify-notifier"));
    }
}
