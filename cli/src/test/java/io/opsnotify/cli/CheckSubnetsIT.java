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
 * check-subnets end to end: the command, the EC2/Lambda adapter and the real AWS SDK clients
 * against the wire emulator, in-process (DescribeSubnets / DescribeSecurityGroups /
 * DescribeNetworkInterfaces over the EC2 query protocol, GetFunctionConfiguration over
 * REST-JSON): text and JSON, a missing subnet, a deployed function, a config file, pages, and an
 * AWS error. The decisions themselves are unit-tested on an in-memory inventory
 * ({@code vpc.SubnetCheckTest}), the options in {@code CheckSubnetsOptionsTest}, the adapter in
 * {@code aws.Ec2VpcInventoryIT}.
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
    void checkSubnets_shouldBeCriticalNamingIt_whenASubnetDoesNotExist() {
        twoSubnets(251, 251);

        CliRun r = run("--subnet-ids", SUBNET_A + "," + SUBNET_C + ",subnet-0fffffff", "--security-group-ids", SG);

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.firstLine()).isEqualTo("CRITICAL: subnet-0fffffff does not exist; 2 subnets in 2 AZs");
        assertThat(r.out()).containsPattern("subnet-0fffffff .*CRITICAL \\(does not exist\\)")
                .containsPattern(SUBNET_A + " .* 249 +OK");
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
