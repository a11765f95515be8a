package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.awslocal.AwsLocal;
import io.opsnotify.awslocal.RecordedCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * check-subnets through the real AWS SDK clients against the local AWS endpoint, in-process
 * (DescribeSubnets / DescribeSecurityGroups / DescribeNetworkInterfaces over the EC2 query
 * protocol, GetFunctionConfiguration over REST-JSON).
 */
class CheckSubnetsIT {
    static final String VPC = "vpc-0abc1234";
    static final String SUBNET_A = "subnet-0a1b2c3d";
    static final String SUBNET_C = "subnet-4e5f6a7b";
    static final String SG = "sg-0123abcd";
    static final String SG_OTHER = "sg-0456efab";

    AwsLocal aws;
    final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        aws = AwsLocal.start();
        aws.ec2().addVpc(VPC, "10.0.0.0/16");
        aws.ec2().addSecurityGroup(SG, "opsnotify", VPC);
        aws.ec2().addSecurityGroup(SG_OTHER, "other", VPC);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    Map<String, String> env() {
        return CliRun.awsEnv(aws);
    }

    CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("check-subnets"));
        all.addAll(List.of(args));
        return CliRun.run(env(), all.toArray(String[]::new));
    }

    CliRun checkTwo(String... extra) {
        List<String> args = new ArrayList<>(List.of("--subnet-ids", SUBNET_A + "," + SUBNET_C, "--security-group-ids", SG));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    void twoSubnets(int freeA, int freeC) {
        aws.ec2().addSubnet(SUBNET_A, VPC, "ap-northeast-1a", "10.0.1.0/24", freeA);
        aws.ec2().addSubnet(SUBNET_C, VPC, "ap-northeast-1c", "10.0.2.0/24", freeC);
    }

    JsonNode subnet(JsonNode report, String id) {
        for (JsonNode s : report.path("subnets")) {
            if (s.path("subnetId").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no " + id + " in " + report);
    }

    @Test
    void checkSubnets_shouldBeOkWithATable_whenTwoAzsHaveRoom() {
        twoSubnets(251, 200);

        CliRun r = checkTwo();

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        assertThat(r.firstLine()).isEqualTo("OK: 2 subnets in 2 AZs; fewest free IPs after the need: 198 (" + SUBNET_C + ")");
        assertThat(r.out()).contains("SUBNET", "FREE AFTER")
                .containsPattern(SUBNET_A + " +ap-northeast-1a +10\\.0\\.1\\.0/24 +251 +0 +1 +1 +249 +OK")
                .containsPattern(SUBNET_C + " +ap-northeast-1c +10\\.0\\.2\\.0/24 +200 +0 +1 +1 +198 +OK");
        assertThat(aws.mutatingCalls()).as("a check changes nothing").isEmpty();
        RecordedCall enis = aws.calls("ec2", "DescribeNetworkInterfaces").get(0);
        assertThat(enis.params()).containsEntry("Filter.1.Name", "interface-type").containsEntry("Filter.1.Value.1", "lambda");
    }

    @Test
    void checkSubnets_shouldWarn_whenFreeIpsAfterTheNeedFallUnderWarnFree() {
        twoSubnets(251, 21); // 21 - 1 ENI - 1 spare = 19 < 20

        CliRun r = checkTwo();

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.WARNING);
        assertThat(r.firstLine()).isEqualTo("WARNING: " + SUBNET_C
                + " has 19 free IPs after 1 more ENI and 1 spare (warn < 20); 2 subnets in 2 AZs");
    }

    @Test
    void checkSubnets_shouldBeOk_whenFreeIpsAfterTheNeedEqualWarnFree() {
        twoSubnets(251, 22); // 22 - 2 = 20, not under 20

        CliRun r = checkTwo();

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void checkSubnets_shouldBeCritical_whenFreeIpsAfterTheNeedFallUnderCritFree() {
        twoSubnets(251, 14); // 14 - 2 = 12 < 15

        CliRun r = checkTwo("--warn-free", "50", "--crit-free", "15");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.firstLine()).isEqualTo("CRITICAL: " + SUBNET_C
                + " has 12 free IPs after 1 more ENI and 1 spare (crit < 15); 2 subnets in 2 AZs");
    }

    @Test
    void checkSubnets_shouldExit2_whenCritFreeIsAboveWarnFree() {
        twoSubnets(251, 251);

        CliRun r = checkTwo("--warn-free", "5", "--crit-free", "10");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("--crit-free (10) must not be more than --warn-free (5)");
        assertThat(aws.calls()).as("no AWS call for invalid options").isEmpty();
    }

    @Test
    void checkSubnets_shouldWarn_whenAllSubnetsAreInOneAz() {
        aws.ec2().addSubnet(SUBNET_A, VPC, "ap-northeast-1a", "10.0.1.0/24", 251);
        aws.ec2().addSubnet(SUBNET_C, VPC, "ap-northeast-1a", "10.0.2.0/24", 251);

        CliRun r = checkTwo();

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.WARNING);
        assertThat(r.firstLine()).isEqualTo("WARNING: all 2 subnets are in one AZ (ap-northeast-1a): "
                + "give subnets in 2 or more AZs; 2 subnets in 1 AZ");
    }

    @Test
    void checkSubnets_shouldBeCriticalNamingIt_whenASubnetDoesNotExist() {
        twoSubnets(251, 251);

        CliRun r = run("--subnet-ids", SUBNET_A + "," + SUBNET_C + ",subnet-0fffffff", "--security-group-ids", SG);

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.firstLine()).isEqualTo("CRITICAL: subnet-0fffffff does not exist; 2 subnets in 2 AZs");
        assertThat(r.out()).containsPattern("subnet-0fffffff .*CRITICAL \\(does not exist\\)")
                .containsPattern(SUBNET_A + " .* 249 +OK");
    }

    @Test
    void checkSubnets_shouldBeCriticalNamingIt_whenASecurityGroupDoesNotExist() {
        twoSubnets(251, 251);

        CliRun r = run("--subnet-ids", SUBNET_A + "," + SUBNET_C, "--security-group-ids", SG + ",sg-0dead0be");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.firstLine()).isEqualTo("CRITICAL: security group sg-0dead0be does not exist; 2 subnets in 2 AZs");
    }

    @Test
    void checkSubnets_shouldNeedNoEni_whenALambdaEniWithTheSameSecurityGroupSetIsThere() {
        twoSubnets(251, 251);
        aws.ec2().addNetworkInterface("eni-0000000000000aaaa", SUBNET_A, "lambda", "AWS Lambda VPC ENI-other",
                List.of(SG_OTHER, SG));
        aws.ec2().addNetworkInterface("eni-0000000000000bbbb", SUBNET_C, "lambda", "AWS Lambda VPC ENI-other",
                List.of(SG_OTHER));
        aws.ec2().addNetworkInterface("eni-0000000000000cccc", SUBNET_C, "interface", "an instance", List.of(SG));

        CliRun r = run("--subnet-ids", SUBNET_A + "," + SUBNET_C, "--security-group-ids", SG + "," + SG_OTHER,
                "--output", "json");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        JsonNode report = parse(r.out());
        // same set in another order: served
        assertThat(subnet(report, SUBNET_A).path("lambdaEnis").asInt()).isEqualTo(1);
        assertThat(subnet(report, SUBNET_A).path("enisNeeded").asInt()).isZero();
        assertThat(subnet(report, SUBNET_A).path("freeAfter").asInt()).isEqualTo(250 - 0 - 1);
        // a Lambda ENI with a different set, and a non-Lambda ENI with the right group: not served
        assertThat(subnet(report, SUBNET_C).path("lambdaEnis").asInt()).isEqualTo(1);
        assertThat(subnet(report, SUBNET_C).path("enisNeeded").asInt()).isEqualTo(1);
        assertThat(subnet(report, SUBNET_C).path("freeAfter").asInt()).isEqualTo(249 - 1 - 1);
    }

    @Test
    void checkSubnets_shouldReadEveryPageOfNetworkInterfaces_whenThereAreMoreThanOnePage() {
        aws.ec2().addSubnet(SUBNET_A, VPC, "ap-northeast-1a", "10.0.16.0/20", 4091);
        aws.ec2().addSubnet(SUBNET_C, VPC, "ap-northeast-1c", "10.0.32.0/20", 4091);
        for (int i = 0; i < 130; i++) {
            aws.ec2().addNetworkInterface(String.format("eni-%017x", i), i % 2 == 0 ? SUBNET_A : SUBNET_C, "lambda",
                    "AWS Lambda VPC ENI-fn" + i, List.of(SG_OTHER));
        }
        // the only ENI with the function's groups comes last, on the second page
        aws.ec2().addNetworkInterface("eni-0000000000000ffff", SUBNET_C, "lambda", "AWS Lambda VPC ENI-ours", List.of(SG));

        CliRun r = checkTwo("--output", "json");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        List<RecordedCall> pages = aws.calls("ec2", "DescribeNetworkInterfaces");
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).params()).containsEntry("MaxResults", "100").doesNotContainKey("NextToken");
        assertThat(pages.get(1).params()).containsKey("NextToken");
        JsonNode report = parse(r.out());
        assertThat(subnet(report, SUBNET_A).path("lambdaEnis").asInt()).isEqualTo(65);
        assertThat(subnet(report, SUBNET_C).path("lambdaEnis").asInt()).isEqualTo(66);
        assertThat(subnet(report, SUBNET_A).path("enisNeeded").asInt()).isEqualTo(1);
        assertThat(subnet(report, SUBNET_C).path("enisNeeded").asInt()).isZero();
    }

    @Test
    void checkSubnets_shouldUseTheLegacyFormula_whenAskedWithConcurrencyAndMemory() {
        twoSubnets(251, 60);

        CliRun r = checkTwo("--legacy", "--concurrency", "100", "--memory", "1536", "--output", "json");

        // 100 x 1536 MB / 3072 MB = 50 ENIs, 25 per subnet; 60 - 25 - 1 = 34
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        JsonNode report = parse(r.out());
        assertThat(report.path("model").asText()).isEqualTo("legacy");
        assertThat(subnet(report, SUBNET_A).path("enisNeeded").asInt()).isEqualTo(25);
        assertThat(subnet(report, SUBNET_C).path("enisNeeded").asInt()).isEqualTo(25);
        assertThat(subnet(report, SUBNET_C).path("freeAfter").asInt()).isEqualTo(34);
    }

    @Test
    void checkSubnets_shouldWarnUnderTheLegacyFormula_whereTodaysModelIsOk() {
        twoSubnets(251, 40);

        CliRun today = checkTwo();
        CliRun legacy = checkTwo("--legacy", "--concurrency", "100", "--memory", "1536");

        assertThat(today.code()).as(today.all()).isEqualTo(ExitCodes.OK);
        assertThat(legacy.code()).as(legacy.all()).isEqualTo(ExitCodes.WARNING);
        assertThat(legacy.firstLine()).isEqualTo("WARNING: " + SUBNET_C
                + " has 14 free IPs after 25 more ENIs and 1 spare (warn < 20); 2 subnets in 2 AZs");
        assertThat(legacy.out()).contains("ceil(100 × 1536 MB / 3072 MB) = 50 ENIs");
    }

    @Test
    void checkSubnets_shouldExit2_whenLegacyLacksConcurrencyOrMemory() {
        twoSubnets(251, 251);

        CliRun noMemory = checkTwo("--legacy", "--concurrency", "100");
        CliRun noLegacy = checkTwo("--memory", "1536", "--concurrency", "100");

        assertThat(noMemory.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(noMemory.err()).contains("--legacy needs --concurrency C and --memory MB");
        assertThat(noLegacy.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(noLegacy.err()).contains("--concurrency and --memory are for --legacy only");
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void checkSubnets_shouldExit2_whenNoOrTwoSourcesAreGiven() {
        CliRun none = run();
        CliRun two = run("--function", "f", "--subnet-ids", SUBNET_A);
        CliRun three = run("--function", "f", "--config", "x.yaml", "--subnet-ids", SUBNET_A);

        assertThat(none.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(none.err()).contains("--function", "--config", "--subnet-ids");
        assertThat(two.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(two.err()).startsWith("opsnotify: give only one of --function or --subnet-ids\n");
        assertThat(three.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(three.err()).startsWith("opsnotify: give only one of --function, --config or --subnet-ids\n");
        assertThat(none.err()).startsWith("opsnotify: give --function, --config or --subnet-ids\n");
    }

    @Test
    void checkSubnets_shouldCheckTheFunctionsVpcConfig_whenGivenADeployedFunction() {
        twoSubnets(251, 251);
        createFunction("opsnotify-notifier", List.of(SUBNET_A, SUBNET_C), List.of(SG));
        aws.clearCalls();

        CliRun r = run("--function", "opsnotify-notifier", "--output", "json");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        assertThat(aws.calls("lambda", "GetFunctionConfiguration")).hasSize(1);
        JsonNode report = parse(r.out());
        assertThat(report.path("source").asText()).isEqualTo("function opsnotify-notifier VpcConfig");
        assertThat(report.path("subnets")).extracting(s -> s.path("subnetId").asText())
                .containsExactly(SUBNET_A, SUBNET_C);
        // Lambda made one ENI per subnet for the function's (subnet, SG set): nothing more needed
        for (String id : List.of(SUBNET_A, SUBNET_C)) {
            assertThat(subnet(report, id).path("lambdaEnis").asInt()).isEqualTo(1);
            assertThat(subnet(report, id).path("enisNeeded").asInt()).isZero();
            assertThat(subnet(report, id).path("freeIps").asInt()).isEqualTo(250);
            assertThat(subnet(report, id).path("freeAfter").asInt()).isEqualTo(249);
        }
    }

    @Test
    void checkSubnets_shouldBeCritical_whenTheFunctionIsNotInAVpc() {
        createFunction("plain", List.of(), List.of());

        CliRun r = run("--function", "plain");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.firstLine()).isEqualTo(
                "CRITICAL: function plain is not in a VPC (no VpcConfig subnets): it cannot reach the replica");
        assertThat(aws.calls("ec2", "DescribeSubnets")).isEmpty();
    }

    @Test
    void checkSubnets_shouldBeCritical_whenTheFunctionDoesNotExist() {
        CliRun r = run("--function", "nope", "--output", "json");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        JsonNode report = parse(r.out());
        assertThat(report.path("status").asText()).isEqualTo("CRITICAL");
        assertThat(report.path("summary").asText()).isEqualTo("CRITICAL: function nope does not exist");
    }

    @Test
    void checkSubnets_shouldReadTheDeploySection_whenGivenAConfigWithoutItsEnvironment() throws IOException {
        twoSubnets(251, 251);
        Path config = dir.resolve("opsnotify.yaml");
        Files.writeString(config, DeployIT.CONFIG, StandardCharsets.UTF_8); // references DB_PASSWORD, not in env()

        CliRun r = run("--config", config.toString());

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("From " + config + " (deploy section): security groups " + SG);
        assertThat(aws.calls("ec2", "DescribeSubnets").get(0).params())
                .containsEntry("Filter.1.Name", "subnet-id")
                .containsEntry("Filter.1.Value.1", SUBNET_A).containsEntry("Filter.1.Value.2", SUBNET_C);
    }

    @Test
    void checkSubnets_shouldPrintTheDocumentedJson() {
        twoSubnets(251, 200);

        CliRun r = checkTwo("--output", "json");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        JsonNode report = parse(r.out());
        assertThat(report.path("status").asText()).isEqualTo("OK");
        assertThat(report.path("summary").asText()).startsWith("OK: 2 subnets in 2 AZs");
        JsonNode a = subnet(report, SUBNET_A);
        assertThat(a.path("availabilityZone").asText()).isEqualTo("ap-northeast-1a");
        assertThat(a.path("cidr").asText()).isEqualTo("10.0.1.0/24");
        assertThat(a.path("freeIps").isInt()).isTrue();
        assertThat(a.path("freeIps").asInt()).isEqualTo(251);
        assertThat(a.path("lambdaEnis").asInt()).isZero();
        assertThat(a.path("enisNeeded").asInt()).isEqualTo(1);
        assertThat(a.path("freeAfter").asInt()).isEqualTo(249);
        assertThat(report.path("subnets")).hasSize(2);
    }

    @Test
    void checkSubnets_shouldRideOutThrottling_whenDescribeSubnetsIsThrottled() {
        twoSubnets(251, 251);
        aws.failNext("ec2", "DescribeSubnets", "RequestLimitExceeded", 503, 2);

        CliRun r = checkTwo();

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        assertThat(aws.calls("ec2", "DescribeSubnets")).extracting(RecordedCall::status).containsExactly(503, 503, 200);
    }

    @Test
    void checkSubnets_shouldBeUnknownOnTheFirstLine_whenAwsRefuses() {
        twoSubnets(251, 251);
        aws.failAlways("ec2", "DescribeNetworkInterfaces", "UnauthorizedOperation", 403);

        CliRun text = checkTwo();
        CliRun asJson = checkTwo("--output", "json");

        assertThat(text.code()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(text.firstLine()).isEqualTo(
                "UNKNOWN: AWS error UnauthorizedOperation (Ec2): Injected fault: UnauthorizedOperation");
        assertThat(text.out().lines()).hasSize(1);
        assertThat(asJson.code()).isEqualTo(ExitCodes.UNKNOWN);
        JsonNode report = parse(asJson.out());
        assertThat(report.path("status").asText()).isEqualTo("UNKNOWN");
        assertThat(report.path("summary").asText()).isEqualTo(text.firstLine());
        assertThat(aws.calls("ec2", "DescribeNetworkInterfaces")).as("403 is not retried").hasSize(2);
    }

    @Test
    void checkSubnets_shouldListExamplesAndExitCodes_inHelp() {
        CliRun r = run("--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Examples:", "opsnotify check-subnets --function opsnotify-notifier", "Exit codes:",
                "1   WARNING", "3   UNKNOWN", "--warn-free", "--legacy");
    }

    JsonNode parse(String out) {
        try {
            return json.readTree(out);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + out, e);
        }
    }

    void createFunction(String name, List<String> subnets, List<String> groups) {
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(aws.endpoint()).region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            lambda.createFunction(b -> {
                b.functionName(name).runtime(Runtime.JAVA21).role("arn:aws:iam::123456789012:role/opsnotify")
                        .handler("io.opsnotify.notifier.NotifierHandler::handleRequest").memorySize(512)
                        .code(c -> c.zipFile(SdkBytes.fromUtf8String("PK\u0003\u0004 fake zip")));
                if (!subnets.isEmpty()) {
                    b.vpcConfig(v -> v.subnetIds(subnets).securityGroupIds(groups));
                }
            });
        }
    }
}
