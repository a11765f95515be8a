package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.awslocal.AwsLocal;
import java.io.IOException;
import java.io.InputStream;
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

/**
 * validate-s3-endpoint through the real EC2 SDK client against the local AWS endpoint,
 * in-process: DescribeVpcEndpoints (PolicyDocument, RouteTableIds), DescribeRouteTables
 * (associations), DescribeSubnets, DescribeNetworkInterfaces over the EC2 query protocol.
 */
class ValidateS3EndpointIT {
    static final String VPC = "vpc-0abc1234";
    static final String VPCE = "vpce-0a1b2c3d4e5f60718";
    static final String SUBNET_A = "subnet-0a1b2c3d";
    static final String SUBNET_C = "subnet-4e5f6a7b";
    static final String SUBNET_D = "subnet-0d0d0d0d";
    static final String RTB_APP = "rtb-0aaa1111";
    static final String RTB_OTHER = "rtb-0bbb2222";
    static final String S3 = "com.amazonaws.ap-northeast-1.s3";

    AwsLocal aws;
    final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        aws = AwsLocal.start();
        aws.ec2().addVpc(VPC, "10.0.0.0/16");
        aws.ec2().addSubnet(SUBNET_A, VPC, "ap-northeast-1a", "10.0.1.0/24", 251);
        aws.ec2().addSubnet(SUBNET_C, VPC, "ap-northeast-1c", "10.0.2.0/24", 251);
        aws.ec2().addSubnet(SUBNET_D, VPC, "ap-northeast-1d", "10.0.3.0/24", 251);
        aws.ec2().addNetworkInterface("eni-0000000000000aaa1", SUBNET_A, "interface", "web-1", List.of());
        aws.ec2().addNetworkInterface("eni-0000000000000aaa2", SUBNET_A, "interface", "web-2", List.of());
        aws.ec2().addNetworkInterface("eni-0000000000000ccc1", SUBNET_C, "lambda", "AWS Lambda VPC ENI-x", List.of());
        aws.ec2().addNetworkInterface("eni-0000000000000ddd1", SUBNET_D, "interface", "not behind it", List.of());
        aws.ec2().addRouteTable(RTB_APP, VPC, SUBNET_A, SUBNET_C);
        aws.ec2().addRouteTable(RTB_OTHER, VPC, SUBNET_D);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    void endpoint(String policyResource, String... routeTables) {
        aws.ec2().addVpcEndpoint(VPCE, VPC, S3, policy(policyResource), List.of(routeTables));
    }

    Map<String, String> env() {
        return CliRun.awsEnv(aws);
    }

    CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("validate-s3-endpoint"));
        all.addAll(List.of(args));
        return CliRun.run(env(), all.toArray(String[]::new));
    }

    @Test
    void validate_shouldBeCriticalNamingTheBrokenBucketsAndWhoIsBehind_whenThePolicyAllowsOnlyTheAppBucket() {
        endpoint("one-app-bucket.json", RTB_APP);

        CliRun r = run("--vpc-endpoint-id", VPCE, "--require", "s3:GetObject arn:aws:s3:::shop-app-assets/*");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.firstLine()).isEqualTo("CRITICAL: 9 of 10 required accesses DENIED: yum (Amazon Linux 2) on "
                + "amazonlinux-2-repos-ap-northeast-1, dnf (AL2023) on al2023-repos-ap-northeast-1-de612dc2, "
                + "ECR image pulls on prod-ap-northeast-1-starport-layer-bucket and 6 more");
        assertThat(r.out()).contains("Behind it: 1 route table(s), 2 subnet(s), 3 ENI(s)")
                .containsPattern(SUBNET_A + " +" + RTB_APP + " +2 ENIs")
                .containsPattern(SUBNET_C + " +" + RTB_APP + " +1 ENIs")
                .doesNotContain(SUBNET_D)
                .containsPattern("DENIED +ssm +s3:GetObject +arn:aws:s3:::aws-ssm-ap-northeast-1/\\* +no statement allows it")
                .containsPattern("ALLOWED +require +s3:GetObject +arn:aws:s3:::shop-app-assets/\\* +allowed by OnlyTheAppBucket");
        assertThat(aws.calls("ec2", "DescribeVpcEndpoints").get(0).params()).containsEntry("VpcEndpointId.1", VPCE);
        assertThat(aws.calls("ec2", "DescribeRouteTables").get(0).params()).containsEntry("Filter.1.Name", "vpc-id")
                .containsEntry("Filter.1.Value.1", VPC);
        assertThat(aws.calls("ec2", "DescribeNetworkInterfaces").get(0).params())
                .containsEntry("Filter.1.Name", "subnet-id")
                .containsEntry("Filter.1.Value.1", SUBNET_A).containsEntry("Filter.1.Value.2", SUBNET_C);
        assertThat(aws.calls("ec2", "DescribeSubnets")).as("no main route table carries the endpoint").isEmpty();
        assertThat(aws.mutatingCalls()).as("a check changes nothing").isEmpty();
    }

    @Test
    void validate_shouldBeOk_whenTheEndpointHasTheDefaultFullAccessPolicy() {
        endpoint("default-full-access.json", RTB_APP);

        CliRun r = run("--vpc-endpoint-id", VPCE);

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        assertThat(r.firstLine()).isEqualTo("OK: all 9 required accesses allowed");
    }

    @Test
    void validate_shouldCountTheSubnetsOfTheMainRouteTable_whenTheEndpointIsOnIt() {
        aws.ec2().addRouteTable("rtb-0main000", VPC).main(true);
        endpoint("default-full-access.json", "rtb-0main000");
        aws.ec2().addSubnet("subnet-0e0e0e0e", VPC, "ap-northeast-1a", "10.0.4.0/24", 251); // no association: main table
        aws.ec2().addNetworkInterface("eni-0000000000000eee1", "subnet-0e0e0e0e", "interface", "batch", List.of());

        CliRun r = run("--vpc-endpoint-id", VPCE, "--output", "json");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        JsonNode e = parse(r.out()).path("endpoint");
        assertThat(e.path("subnets")).extracting(s -> s.path("subnetId").asText()).containsExactly("subnet-0e0e0e0e");
        assertThat(e.path("enis").asInt()).isEqualTo(1);
        assertThat(aws.calls("ec2", "DescribeSubnets").get(0).params()).containsEntry("Filter.1.Value.1", VPC);
    }

    @Test
    void validate_shouldPrintTheDocumentedJson() {
        endpoint("deny-foreign-accounts.json", RTB_APP);

        CliRun r = run("--vpc-endpoint-id", VPCE, "--profile-set", "al2023", "--output", "json");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.WARNING);
        JsonNode report = parse(r.out());
        assertThat(report.path("status").asText()).isEqualTo("WARNING");
        assertThat(report.path("summary").asText()).isEqualTo("WARNING: 1 of 1 UNKNOWN (depend on s3:ResourceAccount): "
                + "dnf (AL2023) on al2023-repos-ap-northeast-1-de612dc2");
        JsonNode check = report.path("checks").get(0);
        assertThat(check.path("action").asText()).isEqualTo("s3:GetObject");
        assertThat(check.path("resource").asText()).isEqualTo("arn:aws:s3:::al2023-repos-ap-northeast-1-de612dc2/*");
        assertThat(check.path("verdict").asText()).isEqualTo("UNKNOWN");
        assertThat(check.path("statement").asText()).isEqualTo("DenyBucketsOfOtherAccounts");
        assertThat(check.path("key").asText()).isEqualTo("s3:ResourceAccount");
        assertThat(report.path("findings").isArray()).isTrue();
        assertThat(report.path("endpoint").path("vpcEndpointId").asText()).isEqualTo(VPCE);
    }

    @Test
    void validate_shouldDecideSourceVpceFromTheEndpoint_butNotFromAFile() throws IOException {
        endpoint("deny-outside-endpoint.json", RTB_APP);
        Path file = dir.resolve("policy.json");
        Files.writeString(file, policy("deny-outside-endpoint.json"), StandardCharsets.UTF_8);

        CliRun viaEndpoint = run("--vpc-endpoint-id", VPCE);
        CliRun viaFile = run("--policy-file", file.toString());

        assertThat(viaEndpoint.code()).as(viaEndpoint.all()).isEqualTo(ExitCodes.OK);
        assertThat(viaFile.code()).as(viaFile.all()).isEqualTo(ExitCodes.WARNING);
        assertThat(viaFile.firstLine()).startsWith("WARNING: 9 of 9 UNKNOWN (depend on aws:SourceVpce)");
    }

    @Test
    void validate_shouldBeCriticalWithTheLocationAndCallNoAws_whenAPolicyFileIsNotJson() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, policy("malformed-json.json"), StandardCharsets.UTF_8);

        CliRun r = run("--policy-file", file.toString(), "--output", "json");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        JsonNode f = parse(r.out()).path("findings").get(0);
        assertThat(f.path("severity").asText()).isEqualTo("ERROR");
        assertThat(f.path("location").asText()).isEqualTo("line 9, column 5");
        assertThat(f.path("message").asText()).startsWith("not valid JSON");
        assertThat(aws.calls()).as("a policy file needs no AWS call").isEmpty();
    }

    @Test
    void validate_shouldBeUnknown_whenTheEndpointCannotBeRead() {
        CliRun r = run("--vpc-endpoint-id", "vpce-0fffffffffffffff0");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.firstLine()).isEqualTo("UNKNOWN: AWS error InvalidVpcEndpointId.NotFound (Ec2): "
                + "The Vpc Endpoint Id 'vpce-0fffffffffffffff0' does not exist");
    }

    @Test
    void validate_shouldBeInvalidInput_whenThePolicyFileCannotBeRead() {
        CliRun r = run("--policy-file", dir.resolve("missing.json").toString());

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).isEqualTo("opsnotify: --policy-file " + dir.resolve("missing.json") + ": no such file\n");
        assertThat(aws.calls()).isEmpty();
    }

    // ---- a policy file needs no AWS call, so no region unless the profile sets name buckets by Region ----

    Map<String, String> envWithoutRegion() {
        Map<String, String> env = new java.util.HashMap<>(env());
        env.remove("AWS_REGION");
        env.remove("AWS_DEFAULT_REGION");
        return env;
    }

    @Test
    void policyFile_shouldNeedNoRegion_whenNoProfileSetIsChecked() throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, policy("default-full-access.json"), StandardCharsets.UTF_8);

        CliRun r = CliRun.run(envWithoutRegion(), "validate-s3-endpoint", "--policy-file", file.toString(), "--profile-set",
                "none", "--require", "s3:GetObject arn:aws:s3:::shop-app-assets/*");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        assertThat(r.all()).doesNotContain("no AWS region");
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void policyFile_withoutRegion_shouldSayWhichProfileSetsNeedOne() throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, policy("default-full-access.json"), StandardCharsets.UTF_8);

        CliRun r = CliRun.run(envWithoutRegion(), "validate-s3-endpoint", "--policy-file", file.toString());

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).isEqualTo("opsnotify: the --profile-set sets al2, al2023, ecr, ssm name their buckets by Region: "
                + "give --region (or set AWS_REGION), or --profile-set none to check only the --require accesses\n"
                + "see 'opsnotify validate-s3-endpoint --help'\n");
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void policyFile_shouldTakeTheRegionFromTheEnvironment_forTheProfileSets() throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, policy("default-full-access.json"), StandardCharsets.UTF_8);
        Map<String, String> env = envWithoutRegion();
        env.put("AWS_DEFAULT_REGION", "eu-west-1");

        CliRun r = CliRun.run(env, "validate-s3-endpoint", "--policy-file", file.toString(), "--output", "json");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("arn:aws:s3:::al2023-repos-eu-west-1-de612dc2/*");
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void validate_shouldExit2BeforeAnyAwsCall_whenOptionsAreInvalid() {
        endpoint("default-full-access.json", RTB_APP);

        CliRun badSet = run("--vpc-endpoint-id", VPCE, "--profile-set", "al2,centos");
        CliRun badRequire = run("--vpc-endpoint-id", VPCE, "--require", "GetObject");
        CliRun both = run("--vpc-endpoint-id", VPCE, "--policy-file", "p.json");

        assertThat(badSet.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(badSet.err()).contains("unknown --profile-set \"centos\"");
        assertThat(badRequire.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(badRequire.err()).contains("--require takes \"ACTION ARN\"");
        assertThat(both.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void validate_shouldUseThePrincipalAndContextForRequiredAccesses() {
        endpoint("data-perimeter.json", RTB_APP);

        CliRun r = run("--vpc-endpoint-id", VPCE, "--require", "s3:GetObject arn:aws:s3:::shop-app-assets/*",
                "--principal-arn", "arn:aws:iam::111122223333:role/shop-app",
                "--context", "aws:PrincipalOrgID=o-a1b2c3d4e5", "--context", "aws:ResourceOrgID=o-a1b2c3d4e5");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).containsPattern("ALLOWED +require .*allowed by AllowRequestsByOrgsIdentitiesToOrgsResources")
                .containsPattern("ALLOWED +al2 .*allowed by AllowAccessToAWSOwnedBuckets");
    }

    /** About 2 MB of valid statements: far over AWS's 20,480-character limit. */
    static String hugePolicy() {
        StringBuilder sb = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        for (int i = 0; sb.length() < 2_000_000; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"Sid\":\"S").append(i).append("\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                    + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket-").append(i).append("/*\"}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void validate_shouldRefuseWithoutLinting_whenAPolicyFileIsOverAwsLimit() throws IOException {
        Path file = Files.writeString(dir.resolve("huge.json"), hugePolicy(), StandardCharsets.UTF_8);

        CliRun r = run("--policy-file", file.toString(), "--output", "json");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        JsonNode report = parse(r.out());
        assertThat(report.path("summary").asText()).startsWith("CRITICAL: the policy is invalid: ")
                .contains("is longer than 20480 characters, over AWS's limit of 20480 characters");
        assertThat(report.path("findings")).as("nothing was parsed or linted").isEmpty();
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void validate_shouldRefuseWithoutLinting_whenTheEndpointsPolicyIsOverAwsLimit() {
        aws.ec2().addVpcEndpoint(VPCE, VPC, S3, hugePolicy(), List.of(RTB_APP));

        CliRun r = run("--vpc-endpoint-id", VPCE);

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.firstLine()).startsWith("CRITICAL: the policy is invalid: the policy is ")
                .endsWith("characters long, over AWS's limit of 20480 characters for an endpoint policy (not checked)");
        assertThat(r.out()).doesNotContain("Findings:").doesNotContain("VERDICT");
    }

    @Test
    void validate_shouldAcceptFileUrlsAndStdin_likeTheAwsCli() throws IOException {
        Path file = Files.writeString(dir.resolve("policy.json"), policy("default-full-access.json"), StandardCharsets.UTF_8);
        Path relative = Path.of("").toAbsolutePath().relativize(file);

        CliRun plain = run("--policy-file", file.toString());
        CliRun absoluteUrl = run("--policy-file", "file://" + file);
        CliRun relativeUrl = run("--policy-file", "file://" + relative);
        InputStream stdin = System.in;
        CliRun fromStdin;
        try {
            System.setIn(new java.io.ByteArrayInputStream(policy("default-full-access.json").getBytes(StandardCharsets.UTF_8)));
            fromStdin = run("--policy-file", "-");
        } finally {
            System.setIn(stdin);
        }

        assertThat(plain.code()).as(plain.all()).isEqualTo(ExitCodes.OK);
        for (CliRun r : List.of(absoluteUrl, relativeUrl, fromStdin)) {
            assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
            assertThat(r.firstLine()).isEqualTo(plain.firstLine());
        }
        assertThat(fromStdin.out()).contains("Policy: standard input");
    }

    @Test
    void validate_shouldEscapeControlAndBidiCharacters_fromThePolicy() throws IOException {
        // ESC sequences, BEL, CR, bidi override, LF, and a private-use character beyond the BMP (U+F0000)
        String sid = "Ok\u001b[2J\u001b]0;owned\u0007\rOK: all fine\u202eevil\nOK: forged line\uDB80\uDC00";
        String text = policy("default-full-access.json").replace("\"Action\"",
                "\"Sid\": " + json.writeValueAsString(sid) + ",\n      \"Action\"");
        Path file = Files.writeString(dir.resolve("hostile.json"), text, StandardCharsets.UTF_8);

        CliRun r = run("--policy-file", file.toString());
        CliRun j = run("--policy-file", file.toString(), "--output", "json");

        assertThat(r.out()).contains("Ok\\u001B[2J");
        for (CliRun x : List.of(r, j)) {
            assertThat(x.all()).doesNotContain("\u001b", "\u0007", "\r", "\u202e");
            assertThat(x.out().lines()).noneMatch(l -> l.startsWith("OK: forged"));
        }
        // the JSON is still valid and carries the value itself, only escaped
        assertThat(parse(j.out()).toString()).contains("\u202eevil\\nOK: forged line\uDB80\uDC00");
        assertThat(r.out()).contains("forged line\\uDB80\\uDC00");
        assertThat(j.out()).doesNotContain("\uDB80").contains("\\uDB80\\uDC00");
    }

    @Test
    void validate_shouldListExamplesAndExitCodes_inHelp() {
        CliRun r = run("--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Examples:", "--vpc-endpoint-id", "--profile-set", "Exit codes:", "2   CRITICAL");
    }

    JsonNode parse(String out) {
        try {
            return json.readTree(out);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + out, e);
        }
    }

    static String policy(String name) {
        try (InputStream in = ValidateS3EndpointIT.class.getResourceAsStream("/s3policy/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
