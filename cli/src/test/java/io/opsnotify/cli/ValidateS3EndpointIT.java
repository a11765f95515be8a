package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.awslocal.AwsLocal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * validate-s3-endpoint end to end: the command, the EC2 adapter and the real EC2 SDK client
 * against the wire emulator, in-process: DescribeVpcEndpoints (PolicyDocument, RouteTableIds),
 * DescribeRouteTables (associations), DescribeSubnets, DescribeNetworkInterfaces over the EC2
 * query protocol; text, JSON, a main route table, an endpoint that does not exist. The verdicts
 * and who is behind the endpoint are unit-tested on an in-memory {@code GatewayEndpoints}
 * ({@code s3policy.S3EndpointCheckTest}), the policy file and the options in
 * {@code ValidateS3EndpointFileTest}, the adapter in {@code aws.Ec2GatewayEndpointsIT}.
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
    void validate_shouldBeUnknown_whenTheEndpointCannotBeRead() {
        CliRun r = run("--vpc-endpoint-id", "vpce-0fffffffffffffff0");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.firstLine()).isEqualTo("UNKNOWN: AWS error InvalidVpcEndpointId.NotFound (Ec2): "
                + "The Vpc Endpoint Id 'vpce-0fffffffffffffff0' does not exist");
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
