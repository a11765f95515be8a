package io.opsnotify.s3policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.check.CheckStatus;
import io.opsnotify.cloud.CloudException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.assertj.core.groups.Tuple;

/**
 * validate-s3-endpoint's reading of who is behind an endpoint, and its verdicts, on the facts an
 * in-memory {@link GatewayEndpoints} gives. The wire is in {@code ValidateS3EndpointIT} and
 * {@code Ec2GatewayEndpointsIT}; the policy file path in {@code ValidateS3EndpointFileTest}.
 */
class S3EndpointCheckTest {
    static final String VPC = "vpc-0abc1234";
    static final String VPCE = "vpce-0a1b2c3d4e5f60718";
    static final String SUBNET_A = "subnet-0a1b2c3d";
    static final String SUBNET_C = "subnet-4e5f6a7b";
    static final String SUBNET_D = "subnet-0d0d0d0d";
    static final String RTB_APP = "rtb-0aaa1111";
    static final String RTB_OTHER = "rtb-0bbb2222";
    static final String S3 = "com.amazonaws.ap-northeast-1.s3";
    static final String REGION = "ap-northeast-1";
    static final Requirements DEFAULT_SETS = new Requirements(ProfileSets.DEFAULT, List.of(),
            new S3EndpointReport.Knowledge(null, Map.of()));

    final InMemoryGatewayEndpoints ec2 = new InMemoryGatewayEndpoints()
            .subnet(SUBNET_A, VPC).subnet(SUBNET_C, VPC).subnet(SUBNET_D, VPC)
            .eni("eni-0000000000000aaa1", SUBNET_A, "i-0aaaaaaaaaaaaaaa1")
            .eni("eni-0000000000000aaa2", SUBNET_A, "i-0aaaaaaaaaaaaaaa2")
            .eni("eni-0000000000000aaa3", SUBNET_A, "i-0aaaaaaaaaaaaaaa2") // a second ENI of the same instance
            .eni("eni-0000000000000ccc1", SUBNET_C, null)
            .eni("eni-0000000000000ddd1", SUBNET_D, "i-0ddddddddddddddd1")
            .routeTable(RTB_APP, VPC, false, SUBNET_A, SUBNET_C)
            .routeTable(RTB_OTHER, VPC, false, SUBNET_D);
    final ObjectMapper json = new ObjectMapper();

    static String policy(String name) {
        try (InputStream in = S3EndpointCheckTest.class.getResourceAsStream("/s3policy/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    S3EndpointReport check(Requirements requirements) {
        return new S3EndpointCheck(ec2).check(VPCE, REGION, requirements);
    }

    static Requirements requiring(String access, String principalArn, Map<String, List<String>> context) {
        String[] p = access.split(" ");
        return new Requirements(ProfileSets.DEFAULT, List.of(new RequiredAccess("require", p[0], p[0], p[1], false)),
                new S3EndpointReport.Knowledge(principalArn, context));
    }

    @Test
    void check_shouldBeCriticalNamingTheBrokenBucketsAndWhoIsBehind_whenThePolicyAllowsOnlyTheAppBucket() {
        ec2.endpoint(VPCE, VPC, S3, policy("one-app-bucket.json"), RTB_APP);

        S3EndpointReport r = check(requiring("s3:GetObject arn:aws:s3:::shop-app-assets/*", null, Map.of()));

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(r.summary()).isEqualTo("CRITICAL: 9 of 10 required accesses DENIED: yum (Amazon Linux 2) on "
                + "amazonlinux-2-repos-ap-northeast-1, dnf (AL2023) on al2023-repos-ap-northeast-1-de612dc2, "
                + "ECR image pulls on prod-ap-northeast-1-starport-layer-bucket and 6 more");
        assertThat(String.join("\n", r.textLines()))
                .contains("Policy: endpoint " + VPCE + " (" + S3 + ", " + VPC + ")")
                .contains("Behind it: 1 route table(s), 2 subnet(s), 4 ENI(s), 2 instance(s)")
                .containsPattern(SUBNET_A + " +" + RTB_APP + " +3 ENIs +2 instances")
                .containsPattern(SUBNET_C + " +" + RTB_APP + " +1 ENIs +0 instances")
                .doesNotContain(SUBNET_D)
                .containsPattern("DENIED +ssm +s3:GetObject +arn:aws:s3:::aws-ssm-ap-northeast-1/\\* +no statement allows it")
                .containsPattern("ALLOWED +require +s3:GetObject +arn:aws:s3:::shop-app-assets/\\* +allowed by OnlyTheAppBucket");
        assertThat(ec2.calls()).as("no main route table carries the endpoint: the VPC's subnets are not read")
                .containsExactly("endpoint", "routeTables", "enis");
    }

    @Test
    void check_shouldBeOk_whenTheEndpointHasTheDefaultFullAccessPolicy() {
        ec2.endpoint(VPCE, VPC, S3, policy("default-full-access.json"), RTB_APP);

        S3EndpointReport r = check(DEFAULT_SETS);

        assertThat(r.status()).isEqualTo(CheckStatus.OK);
        assertThat(r.summary()).isEqualTo("OK: all 9 required accesses allowed");
    }

    @Test
    void read_shouldCountTheSubnetsOfTheMainRouteTable_whenTheEndpointIsOnIt() {
        ec2.routeTable("rtb-0main000", VPC, true)
                .subnet("subnet-0e0e0e0e", VPC) // no association: the main table's
                .eni("eni-0000000000000eee1", "subnet-0e0e0e0e", "i-0eeeeeeeeeeeeeee1")
                .endpoint(VPCE, VPC, S3, policy("default-full-access.json"), "rtb-0main000");

        EndpointFacts facts = new S3EndpointCheck(ec2).read(VPCE);

        assertThat(facts.subnets()).containsExactly(
                new EndpointFacts.SubnetEnis("subnet-0e0e0e0e", "rtb-0main000", 1, 1));
        assertThat(facts.enis()).isEqualTo(1);
        assertThat(facts.instances()).isEqualTo(1);
        assertThat(ec2.calls()).containsExactly("endpoint", "routeTables", "subnetIds", "enis");
    }

    @Test
    void read_shouldTakeExplicitAssociationsAndTheMainTable_whenTheEndpointIsOnBoth() {
        ec2.routeTable("rtb-0main000", VPC, true)
                .subnet("subnet-0e0e0e0e", VPC)
                .endpoint(VPCE, VPC, S3, policy("default-full-access.json"), RTB_APP, "rtb-0main000");

        EndpointFacts facts = new S3EndpointCheck(ec2).read(VPCE);

        // subnet D is associated with another table: the main one does not serve it
        assertThat(facts.subnets()).extracting(EndpointFacts.SubnetEnis::subnetId, EndpointFacts.SubnetEnis::routeTableId)
                .containsExactly(Tuple.tuple(SUBNET_A, RTB_APP),
                        Tuple.tuple(SUBNET_C, RTB_APP),
                        Tuple.tuple("subnet-0e0e0e0e", "rtb-0main000"));
    }

    @Test
    void read_shouldReadNoEnis_whenNoSubnetIsBehindTheEndpoint() {
        ec2.endpoint(VPCE, VPC, S3, policy("default-full-access.json"));

        EndpointFacts facts = new S3EndpointCheck(ec2).read(VPCE);

        assertThat(facts.subnets()).isEmpty();
        assertThat(ec2.calls()).containsExactly("endpoint", "routeTables");
    }

    @Test
    void check_shouldPrintTheDocumentedJson() {
        ec2.endpoint(VPCE, VPC, S3, policy("deny-foreign-accounts.json"), RTB_APP);

        JsonNode report = check(new Requirements(List.of("al2023"), List.of(),
                new S3EndpointReport.Knowledge(null, Map.of()))).json(json);

        assertThat(report.path("status").asText()).isEqualTo("WARNING");
        assertThat(report.path("summary").asText()).isEqualTo("WARNING: 1 of 1 UNKNOWN (depend on s3:ResourceAccount): "
                + "dnf (AL2023) on al2023-repos-ap-northeast-1-de612dc2");
        JsonNode check = report.path("checks").get(0);
        assertThat(check.path("action").asText()).isEqualTo("s3:GetObject");
        assertThat(check.path("resource").asText()).isEqualTo("arn:aws:s3:::al2023-repos-ap-northeast-1-de612dc2/*");
        assertThat(check.path("verdict").asText()).isEqualTo("UNKNOWN");
        assertThat(check.path("statement").asText()).isEqualTo("DenyBucketsOfOtherAccounts");
        assertThat(check.path("key").asText()).isEqualTo("s3:ResourceAccount");
        JsonNode endpoint = report.path("endpoint");
        assertThat(endpoint.path("vpcEndpointId").asText()).isEqualTo(VPCE);
        assertThat(endpoint.path("vpcId").asText()).isEqualTo(VPC);
        assertThat(endpoint.path("enis").asInt()).isEqualTo(4);
        assertThat(endpoint.path("instances").asInt()).isEqualTo(2);
        assertThat(endpoint.path("subnets")).extracting(s -> s.path("subnetId").asText()).containsExactly(SUBNET_A, SUBNET_C);
    }

    @Test
    void check_shouldDecideSourceVpceFromTheEndpoint_butNotFromAFile() {
        ec2.endpoint(VPCE, VPC, S3, policy("deny-outside-endpoint.json"), RTB_APP);

        S3EndpointReport viaEndpoint = check(DEFAULT_SETS);
        S3EndpointReport viaFile = S3EndpointReport.assess("file policy.json", policy("deny-outside-endpoint.json"), null,
                DEFAULT_SETS.accesses(REGION), DEFAULT_SETS.knowledge());

        assertThat(viaEndpoint.status()).isEqualTo(CheckStatus.OK);
        assertThat(viaFile.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(viaFile.summary()).startsWith("WARNING: 9 of 9 UNKNOWN (depend on aws:SourceVpce)");
    }

    @Test
    void check_shouldUseThePrincipalAndContextForRequiredAccesses() {
        ec2.endpoint(VPCE, VPC, S3, policy("data-perimeter.json"), RTB_APP);

        S3EndpointReport r = check(requiring("s3:GetObject arn:aws:s3:::shop-app-assets/*",
                "arn:aws:iam::111122223333:role/shop-app", Map.of("aws:PrincipalOrgID", List.of("o-a1b2c3d4e5"),
                        "aws:ResourceOrgID", List.of("o-a1b2c3d4e5"))));

        assertThat(r.status()).isEqualTo(CheckStatus.OK);
        assertThat(String.join("\n", r.textLines()))
                .containsPattern("ALLOWED +require .*allowed by AllowRequestsByOrgsIdentitiesToOrgsResources")
                .containsPattern("ALLOWED +al2 .*allowed by AllowAccessToAWSOwnedBuckets");
    }

    @Test
    void check_shouldTakeTheSetsRegionFromTheEndpoint_andTheFallbackOnlyWhenItNamesNone() {
        ec2.endpoint(VPCE, VPC, "com.amazonaws.eu-west-1.s3", policy("default-full-access.json"), RTB_APP)
                .endpoint("vpce-0b0b0b0b0b0b0b0b0", VPC, "com.amazonaws.vpce.eu-west-1.vpce-svc-1",
                        policy("default-full-access.json"), RTB_APP);

        S3EndpointReport s3 = new S3EndpointCheck(ec2).check(VPCE, REGION, DEFAULT_SETS);
        S3EndpointReport other = new S3EndpointCheck(ec2).check("vpce-0b0b0b0b0b0b0b0b0", REGION, DEFAULT_SETS);

        assertThat(s3.checks()).extracting(c -> c.access().resource()).contains("arn:aws:s3:::al2023-repos-eu-west-1-de612dc2/*");
        assertThat(other.checks()).extracting(c -> c.access().resource())
                .contains("arn:aws:s3:::al2023-repos-ap-northeast-1-de612dc2/*");
        assertThat(other.findings()).extracting(Finding::message).contains("endpoint vpce-0b0b0b0b0b0b0b0b0 is for "
                + "com.amazonaws.vpce.eu-west-1.vpce-svc-1, not an S3 gateway endpoint (com.amazonaws.<region>.s3)");
    }

    @Test
    void check_shouldRefuseWithoutLinting_whenTheEndpointsPolicyIsOverAwsLimit() {
        StringBuilder huge = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        for (int i = 0; huge.length() < 100_000; i++) {
            huge.append(i == 0 ? "" : ",").append("{\"Sid\":\"S").append(i).append("\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                    + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket-").append(i).append("/*\"}");
        }
        ec2.endpoint(VPCE, VPC, S3, huge.append("]}").toString(), RTB_APP);

        S3EndpointReport r = check(DEFAULT_SETS);

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(r.summary()).startsWith("CRITICAL: the policy is invalid: the policy is ")
                .endsWith("characters long, over AWS's limit of 20480 characters for an endpoint policy (not checked)");
        assertThat(r.findings()).isEmpty();
        assertThat(r.checks()).isEmpty();
        assertThat(String.join("\n", r.textLines())).doesNotContain("Findings:").doesNotContain("VERDICT");
    }

    @Test
    void check_shouldBeUnknown_whenTheEndpointHasNoPolicyDocument() {
        ec2.endpoint(VPCE, VPC, S3, null, RTB_APP);

        S3EndpointReport r = check(DEFAULT_SETS);

        assertThat(r.status()).isEqualTo(CheckStatus.UNKNOWN);
        assertThat(r.summary()).isEqualTo("UNKNOWN: endpoint " + VPCE + " has no policy document");
    }

    @Test
    void check_shouldBeUnknownWithAwsLine_whenTheEndpointDoesNotExist() {
        S3EndpointReport r = new S3EndpointCheck(ec2).check("vpce-0fffffffffffffff0", REGION, DEFAULT_SETS);

        assertThat(r.status()).isEqualTo(CheckStatus.UNKNOWN);
        assertThat(r.textLines()).containsExactly("UNKNOWN: AWS error InvalidVpcEndpointId.NotFound (Ec2): "
                + "The Vpc Endpoint Id 'vpce-0fffffffffffffff0' does not exist", "Policy: endpoint vpce-0fffffffffffffff0");
    }

    @Test
    void check_shouldBeUnknown_whenAReadAfterTheEndpointFails() {
        ec2.endpoint(VPCE, VPC, S3, policy("default-full-access.json"), RTB_APP)
                .failOn("enis", InMemoryGatewayEndpoints.awsError(CloudException.Kind.ACCESS_DENIED, "UnauthorizedOperation",
                        "You are not authorized to perform this operation."));

        S3EndpointReport r = check(DEFAULT_SETS);

        assertThat(r.status()).isEqualTo(CheckStatus.UNKNOWN);
        assertThat(r.summary()).isEqualTo("UNKNOWN: AWS error UnauthorizedOperation (Ec2): "
                + "You are not authorized to perform this operation.");
        assertThat(r.checks()).as("nothing evaluated").isEmpty();
    }
}
