package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.awslocal.AwsLocal;
import io.opsnotify.awslocal.Invocation;
import io.opsnotify.localwebhook.LocalWebhookReceiver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path: deploy into the local AWS endpoint, test-event publishes to the topic, SNS
 * invokes the function, and the deployed package (unzipped as Lambda lays it out, run with the
 * function's environment) reads a real MariaDB and posts to the local Slack receiver.
 */
class DeployEndToEndIT {
    static final String DB_PASSWORD = "e2e-replica-password";

    @TempDir
    Path dir;

    @Test
    void deployThenTestEvent_shouldDeliverTheRowToSlack_throughTheDeployedPackage() throws Exception {
        String dbUrl = DemoSchema.create("e2e", "e2e_ro", DB_PASSWORD);
        try (AwsLocal aws = AwsLocal.start(); LocalWebhookReceiver slack = LocalWebhookReceiver.start()) {
            aws.ec2().addVpc("vpc-0abc1234", "10.0.0.0/16");
            aws.ec2().addSubnet("subnet-0a1b2c3d", "vpc-0abc1234", "ap-northeast-1a", "10.0.1.0/24", 251);
            aws.ec2().addSubnet("subnet-4e5f6a7b", "vpc-0abc1234", "ap-northeast-1c", "10.0.2.0/24", 251);
            aws.ec2().addSecurityGroup("sg-0123abcd", "opsnotify", "vpc-0abc1234");
            aws.lambda().invoker(new PackageRunner());
            Path config = dir.resolve("opsnotify.yaml");
            Files.writeString(config, """
                    database:
                      url: %s
                      user: e2e_ro
                      password: ${env:DB_PASSWORD}
                    slack:
                      webhookUrl: ${env:SLACK_WEBHOOK_URL}
                    events:
                      order.created:
                        query: SELECT o.id, o.total, o.currency, c.name AS customer FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = :id
                        text: "New order #{{id}} by {{customer}}: {{total}} {{currency}}"
                    deploy:
                      functionName: opsnotify-notifier
                      roleArn: arn:aws:iam::123456789012:role/opsnotify-notifier
                      subnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]
                      securityGroupIds: [sg-0123abcd]
                      topicName: opsnotify-events
                      environment: {SLACK_WEBHOOK_URL: "${env:SLACK_WEBHOOK_URL}", DB_PASSWORD: "${env:DB_PASSWORD}"}
                    """.formatted(dbUrl));
            CliContext ctx = new CliContext(Map.of("AWS_ACCESS_KEY_ID", "AKIATEST", "AWS_SECRET_ACCESS_KEY", "x",
                    "AWS_REGION", "ap-northeast-1", "AWS_ENDPOINT_URL", aws.endpoint().toString(),
                    "SLACK_WEBHOOK_URL", slack.url(), "DB_PASSWORD", DB_PASSWORD), ScriptedConfirmer.noTerminal());

            StringWriter out = new StringWriter();
            int deployed = Opsnotify.run(ctx, new PrintWriter(out), new PrintWriter(out), "deploy", "--config", config.toString(), "--yes");
            assertThat(deployed).as(out.toString()).isZero();
            StringWriter out2 = new StringWriter();
            int published = Opsnotify.run(ctx, new PrintWriter(out2), new PrintWriter(out2), "test-event", "--config",
                    config.toString(), "--id", "42", "--output", "json");

            assertThat(published).as(out2.toString()).isZero();
            String messageId = new ObjectMapper().readTree(out2.toString()).path("messageId").asText();
            Invocation inv = aws.lambda().function("opsnotify-notifier").invocations().get(0);
            assertThat(inv.failed()).as(String.valueOf(inv.error())).isFalse();
            assertThat(slack.requestCount()).isEqualTo(1);
            assertThat(new ObjectMapper().readTree(slack.received().get(0).body()).path("text").asText())
                    .isEqualTo("New order #42 by &lt;!channel&gt; &amp; &lt;https://evil.example|bank&gt;: 129.90 USD");
            assertThat(new String(inv.result(), StandardCharsets.UTF_8)).contains("\"messageId\":\"" + messageId + "\"")
                    .contains("\"outcome\":\"delivered\"");
            assertThat(out.toString() + out2).doesNotContain(DB_PASSWORD).doesNotContain(LocalWebhookReceiver.PATH);
        }
    }
}
