package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.AwsSettings;
import io.opsnotify.aws.LambdaFunctions;
import io.opsnotify.awslocal.AwsLocal;
import io.opsnotify.awslocal.FunctionState;
import io.opsnotify.awslocal.RecordedCall;
import io.opsnotify.awslocal.SnsLocal;
import io.opsnotify.deploy.Functions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy and test-event end to end: the command line, the SDK adapters and the real AWS SDK
 * clients against the local AWS endpoint (SNS/EC2 query+XML, Lambda REST-JSON). In-process, with
 * the packaged notifier jar on the classpath (an IT: it needs `mvn package` first). What deploy
 * plans and how it applies, partial failures and convergence included, is unit-tested on
 * in-memory fakes ({@code io.opsnotify.deploy.DeployPlannerTest}, {@code DeployApplierTest}); the
 * adapters are tested by the contract ITs in {@code io.opsnotify.deploy} and
 * {@code io.opsnotify.testevent}. Here: what only the whole path shows.
 */
class DeployIT {
    static final String WEBHOOK = "https://hooks.slack.com/services/T0AAA/B0BBB/deploy-it-webhook-secret";
    static final String DB_PASSWORD = "deploy-it-db-password-secret";
    static final String CONFIG = """
            database:
              url: jdbc:mariadb://replica.internal:3306/shop
              user: ops
              password: ${env:DB_PASSWORD}
            slack:
              webhookUrl: ${env:SLACK_WEBHOOK_URL}
            events:
              order.created:
                query: SELECT o.id, o.total FROM orders o WHERE o.id = :id
                text: "New order #{{id}}: {{total}}"
            deploy:
              functionName: opsnotify-notifier
              roleArn: arn:aws:iam::123456789012:role/opsnotify-notifier
              subnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]
              securityGroupIds: [sg-0123abcd]
              memoryMb: 512
              timeoutSeconds: 30
              reservedConcurrency: 5
              topicName: opsnotify-events
              onFailureDestinationArn: arn:aws:sqs:ap-northeast-1:123456789012:opsnotify-failed
              maximumRetryAttempts: 2
              maximumEventAgeSeconds: 3600
              environment: {SLACK_WEBHOOK_URL: "${env:SLACK_WEBHOOK_URL}", DB_PASSWORD: "${env:DB_PASSWORD}"}
              tags: {team: ops}
            """;

    AwsLocal aws;
    final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void start() throws IOException {
        aws = AwsLocal.start();
        aws.ec2().addVpc("vpc-0abc1234", "10.0.0.0/16");
        aws.ec2().addSubnet("subnet-0a1b2c3d", "vpc-0abc1234", "ap-northeast-1a", "10.0.1.0/24", 251);
        aws.ec2().addSubnet("subnet-4e5f6a7b", "vpc-0abc1234", "ap-northeast-1c", "10.0.2.0/24", 251);
        aws.ec2().addSubnet("subnet-0000aaaa", "vpc-0abc1234", "ap-northeast-1a", "10.0.3.0/24", 251);
        aws.ec2().addSecurityGroup("sg-0123abcd", "opsnotify", "vpc-0abc1234");
        config = write(CONFIG);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    Path write(String yaml) throws IOException {
        Path f = dir.resolve("opsnotify.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    Map<String, String> env() {
        Map<String, String> env = CliRun.awsEnv(aws);
        env.put("SLACK_WEBHOOK_URL", WEBHOOK);
        env.put("DB_PASSWORD", DB_PASSWORD);
        return env;
    }

    CliRun run(Confirmer confirmer, Map<String, String> env, String... args) {
        CliRun r = CliRun.run(env, confirmer, args);
        assertThat(r.all()).as("no secret in any output").doesNotContain(DB_PASSWORD).doesNotContain("deploy-it-webhook-secret")
                .doesNotContain("test-secret-key");
        return r;
    }

    CliRun deploy(String... extra) {
        String[] args = new String[extra.length + 3];
        args[0] = "deploy";
        args[1] = "--config";
        args[2] = config.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return run(ScriptedConfirmer.noTerminal(), env(), args);
    }

    static List<String> actions(List<RecordedCall> calls) {
        return calls.stream().map(c -> c.service() + ":" + c.action()).toList();
    }

    @Test
    void deploy_shouldPlanAndCreateEverything_whenNothingExists() throws Exception {
        CliRun r = deploy("--yes");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("+ function opsnotify-notifier", "+ topic opsnotify-events",
                "+ permission sns.amazonaws.com", "+ subscription topic → function", "+ event-invoke config",
                "+ reserved concurrency", "Plan: 6 to create, 0 to update, 0 unchanged.", "Deployed:");
        FunctionState fn = aws.lambda().function("opsnotify-notifier");
        assertThat(fn.runtime()).isEqualTo("java21");
        assertThat(fn.handler()).isEqualTo("io.opsnotify.notifier.NotifierHandler::handleRequest");
        assertThat(fn.state()).isEqualTo("Active");
        assertThat(fn.memorySize()).isEqualTo(512);
        assertThat(fn.subnetIds()).containsExactlyInAnyOrder("subnet-0a1b2c3d", "subnet-4e5f6a7b");
        assertThat(fn.securityGroupIds()).containsExactly("sg-0123abcd");
        assertThat(fn.environment()).containsEntry("SLACK_WEBHOOK_URL", WEBHOOK).containsEntry("DB_PASSWORD", DB_PASSWORD)
                .containsEntry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        assertThat(fn.tags()).containsEntry("opsnotify:managed", "true").containsEntry("team", "ops");
        assertThat(fn.reservedConcurrency()).isEqualTo(5);
        assertThat(fn.eventInvokeConfig().path("MaximumRetryAttempts").asInt()).isEqualTo(2);
        assertThat(fn.eventInvokeConfig().path("DestinationConfig").path("OnFailure").path("Destination").asText())
                .isEqualTo("arn:aws:sqs:ap-northeast-1:123456789012:opsnotify-failed");
        SnsLocal.Topic topic = aws.sns().topics().get(0);
        assertThat(topic.name()).isEqualTo("opsnotify-events");
        assertThat(topic.tags()).containsEntry("opsnotify:managed", "true");
        assertThat(topic.subscriptions()).extracting(SnsLocal.Subscription::protocol, SnsLocal.Subscription::endpoint)
                .containsExactly(tuple("lambda", fn.arn()));
        JsonNode statement = fn.policyStatements().values().iterator().next();
        assertThat(statement.path("Principal").path("Service").asText()).isEqualTo("sns.amazonaws.com");
        assertThat(statement.path("Condition").path("ArnLike").path("AWS:SourceArn").asText()).isEqualTo(topic.arn());
        // the package: the config without its deploy section, and no secret in it
        assertThat(PackageRunner.entries(fn.code())).containsExactly("opsnotify.yaml", "lib/", "lib/opsnotify-notifier.jar");
        Path root = dir.resolve("unzipped");
        PackageRunner.unzip(fn.code(), root);
        String packaged = Files.readString(root.resolve("opsnotify.yaml"));
        assertThat(packaged).contains("password: ${env:DB_PASSWORD}", "query: SELECT o.id").doesNotContain("deploy:")
                .doesNotContain("roleArn").doesNotContain(DB_PASSWORD).doesNotContain(WEBHOOK);
    }

    @Test
    void deploy_shouldMakeNoMutatingCall_whenRunAgainWithoutChanges() throws Exception {
        deploy("--yes");
        aws.clearCalls();

        CliRun second = deploy("--yes");
        CliRun asJson = deploy("--yes", "--output", "json");

        assertThat(second.code()).isZero();
        assertThat(second.out()).contains("No changes: the deployed notifier matches the config.")
                .contains("= function code", "= function configuration");
        assertThat(asJson.code()).isZero();
        JsonNode root = json.readTree(asJson.out());
        assertThat(root.path("status").asText()).isEqualTo("NO_CHANGES");
        assertThat(root.path("applied").asBoolean()).isFalse();
        assertThat(root.path("plan")).allSatisfy(i -> assertThat(i.path("action").asText()).isEqualTo("none"));
        assertThat(aws.calls()).isNotEmpty();
        assertThat(actions(aws.mutatingCalls())).isEmpty();
    }

    @Test
    void deploy_shouldChangeNothing_whenDryRun_inTextAndJson() throws Exception {
        CliRun r = deploy("--dry-run");
        CliRun asJson = deploy("--dry-run", "--output", "json");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Plan: 6 to create", "Dry run: nothing was changed.");
        assertThat(asJson.code()).isZero();
        JsonNode root = json.readTree(asJson.out());
        assertThat(root.path("status").asText()).isEqualTo("PLANNED");
        assertThat(root.path("dryRun").asBoolean()).isTrue();
        assertThat(root.path("applied").asBoolean()).isFalse();
        assertThat(root.path("plan").get(0).path("resource").asText()).isEqualTo("function opsnotify-notifier");
        assertThat(root.path("plan").get(0).path("action").asText()).isEqualTo("create");
        assertThat(root.path("warnings")).isEmpty();
        assertThat(actions(aws.mutatingCalls())).isEmpty();
        assertThat(aws.lambda().functions()).isEmpty();
    }

    @Test
    void deploy_shouldRefuse_whenThereIsNoTerminalAndNoYes() {
        CliRun r = deploy();

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).startsWith("opsnotify: not applying: no terminal to confirm on. Re-run with --yes");
        assertThat(actions(aws.mutatingCalls())).isEmpty();
    }

    @Test
    void deploy_shouldReportDoneAndNotDone_whenAStepFails() {
        aws.failAlways("lambda", "AddPermission", "AccessDeniedException", 403);

        CliRun failed = deploy("--yes");

        assertThat(failed.code()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(failed.err()).contains("deploy failed at step 'allow sns.amazonaws.com to invoke the function from the topic'")
                .contains("AWS error AccessDeniedException")
                .contains("done: create function opsnotify-notifier and wait until it is Active; set reserved concurrency 5; create topic opsnotify-events")
                .contains("not done: allow sns.amazonaws.com", "subscribe the function to the topic", "set the event-invoke config");
        assertThat(aws.sns().topics().get(0).subscriptions()).isEmpty();
    }

    @Test
    void deploy_shouldShowTheAwsErrorCodeOnOneLine_whenASubnetDoesNotExist() throws Exception {
        write(CONFIG.replace("subnet-4e5f6a7b]", "subnet-0fffffff]"));

        CliRun r = deploy("--yes");

        assertThat(r.code()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("opsnotify: AWS error InvalidSubnetID.NotFound").doesNotContain("\tat ");
        assertThat(actions(aws.mutatingCalls())).isEmpty();
    }

    @Test
    void deploy_shouldRejectALiteralSecret_withoutPrintingIt() throws Exception {
        write(CONFIG.replace("password: ${env:DB_PASSWORD}", "password: " + DB_PASSWORD));

        CliRun r = deploy("--yes");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("database.password: must be an ${env:NAME} reference for deploy");
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void deploy_shouldReportEveryDeployProblemAtOnce_beforeAnyCall() throws Exception {
        write(CONFIG.replace("roleArn: arn:aws:iam::123456789012:role/opsnotify-notifier", "roleArn: opsnotify")
                .replace("memoryMb: 512", "memoryMb: 64")
                .replace("securityGroupIds: [sg-0123abcd]", "securityGroupIds: []")
                .replace(", DB_PASSWORD: \"${env:DB_PASSWORD}\"", ""));

        CliRun r = deploy("--yes");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("deploy.roleArn: must be an IAM role ARN", "deploy.memoryMb: must be between 128 and 10240",
                "deploy.securityGroupIds: must not be empty", "database.password: environment variable DB_PASSWORD is not set",
                "deploy.environment: the function resolves ${env:...} from deploy.environment");
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void deploy_shouldRefuseToTouchAFunctionItDoesNotOwn() {
        try (AwsClients clients = new AwsClients(AwsSettings.resolve(null, null, null, env()))) {
            new LambdaFunctions(clients).create("opsnotify-notifier", new Functions.Settings("java21", "x::y",
                    "arn:aws:iam::123456789012:role/theirs", 128, 3, List.of(), List.of(), Map.of()), new byte[] {1},
                    Map.of("team", "someone-else"), "not opsnotify's");
        }
        aws.clearCalls();

        CliRun r = deploy("--yes");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("exists but is not managed by opsnotify");
        assertThat(aws.mutatingCalls()).isEmpty();
        assertThat(aws.lambda().function("opsnotify-notifier").tags()).doesNotContainKey("opsnotify:managed");
    }

    @Test
    void testEvent_shouldPublishTypeAndIdWithAttribute_andPrintMessageId() throws Exception {
        deploy("--yes");
        List<String> received = new CopyOnWriteArrayList<>();
        aws.lambda().invoker((fn, event) -> {
            received.add(new String(event, StandardCharsets.UTF_8));
            return null;
        });

        CliRun r = run(ScriptedConfirmer.noTerminal(), env(), "test-event", "--config", config.toString(), "--id", "42",
                "--output", "json");

        assertThat(r.code()).as(r.all()).isZero();
        JsonNode out = json.readTree(r.out());
        assertThat(out.path("topicArn").asText()).endsWith(":opsnotify-events");
        assertThat(out.path("messageId").asText()).isNotBlank();
        assertThat(received).hasSize(1);
        JsonNode sns = json.readTree(received.get(0)).path("Records").get(0).path("Sns");
        assertThat(sns.path("Message").asText()).isEqualTo("{\"type\":\"order.created\",\"id\":42}");
        assertThat(sns.path("MessageAttributes").path("type").path("Value").asText()).isEqualTo("order.created");
        assertThat(sns.path("MessageId").asText()).isEqualTo(out.path("messageId").asText());
    }

    @Test
    void testEvent_shouldExit2_whenTheTopicWasNeverDeployed() {
        CliRun r = run(ScriptedConfirmer.noTerminal(), env(), "test-event", "--config", config.toString(), "--id", "42");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("topic opsnotify-events does not exist").contains("run opsnotify deploy first");
    }

    @Test
    void testEvent_shouldShowTheAwsErrorCode_whenTheTopicArnIsWrong() {
        CliRun r = run(ScriptedConfirmer.noTerminal(), env(), "test-event", "--topic-arn",
                "arn:aws:sns:ap-northeast-1:123456789012:nope", "--type", "order.created", "--id", "1");

        assertThat(r.code()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err()).startsWith("opsnotify: AWS error NotFound");
    }
}
