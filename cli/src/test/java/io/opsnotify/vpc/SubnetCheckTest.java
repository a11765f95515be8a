package io.opsnotify.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.check.CheckStatus;
import io.opsnotify.cloud.CloudException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The subnet check's decisions on the facts an in-memory {@link VpcInventory} gives: thresholds,
 * AZs, missing subnets and groups, shared Lambda ENIs, the legacy model, a deployed function,
 * and UNKNOWN when AWS refuses. The wire is in {@code CheckSubnetsIT} and {@code Ec2VpcInventoryIT}.
 */
class SubnetCheckTest {
    static final String SUBNET_A = "subnet-0a1b2c3d";
    static final String SUBNET_C = "subnet-4e5f6a7b";
    static final String SG = "sg-0123abcd";
    static final String SG_OTHER = "sg-0456efab";
    static final CheckSettings DEFAULTS = CheckSettings.today(CheckSettings.DEFAULT_WARN_FREE,
            CheckSettings.DEFAULT_CRIT_FREE, CheckSettings.DEFAULT_HEADROOM);

    final InMemoryVpcInventory vpc = new InMemoryVpcInventory().securityGroup(SG).securityGroup(SG_OTHER);
    final ObjectMapper json = new ObjectMapper();

    void twoSubnets(int freeA, int freeC) {
        vpc.subnet(SUBNET_A, "ap-northeast-1a", "10.0.1.0/24", freeA);
        vpc.subnet(SUBNET_C, "ap-northeast-1c", "10.0.2.0/24", freeC);
    }

    SubnetReport checkTwo(CheckSettings settings) {
        return new SubnetCheck(vpc).check(VpcTarget.of("--subnet-ids", List.of(SUBNET_A, SUBNET_C), List.of(SG)), settings);
    }

    static SubnetReport.SubnetLine line(SubnetReport r, String id) {
        return r.subnets().stream().filter(l -> l.subnetId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in " + r.subnets()));
    }

    @Test
    void check_shouldBeOkWithATable_whenTwoAzsHaveRoom() {
        twoSubnets(251, 200);

        SubnetReport r = checkTwo(DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.OK);
        assertThat(r.textLines().get(0))
                .isEqualTo("OK: 2 subnets in 2 AZs; fewest free IPs after the need: 198 (" + SUBNET_C + ")");
        assertThat(String.join("\n", r.textLines())).contains("SUBNET", "FREE AFTER")
                .containsPattern(SUBNET_A + " +ap-northeast-1a +10\\.0\\.1\\.0/24 +251 +0 +1 +1 +249 +OK")
                .containsPattern(SUBNET_C + " +ap-northeast-1c +10\\.0\\.2\\.0/24 +200 +0 +1 +1 +198 +OK");
        assertThat(vpc.calls()).containsExactly("subnets", "existingSecurityGroups", "lambdaEnis");
    }

    @Test
    void check_shouldWarn_whenFreeIpsAfterTheNeedFallUnderWarnFree() {
        twoSubnets(251, 21); // 21 - 1 ENI - 1 spare = 19 < 20

        SubnetReport r = checkTwo(DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(r.summary()).isEqualTo("WARNING: " + SUBNET_C
                + " has 19 free IPs after 1 more ENI and 1 spare (warn < 20); 2 subnets in 2 AZs");
    }

    @Test
    void check_shouldBeOk_whenFreeIpsAfterTheNeedEqualWarnFree() {
        twoSubnets(251, 22); // 22 - 2 = 20, not under 20

        assertThat(checkTwo(DEFAULTS).status()).isEqualTo(CheckStatus.OK);
    }

    @Test
    void check_shouldBeCritical_whenFreeIpsAfterTheNeedFallUnderCritFree() {
        twoSubnets(251, 14); // 14 - 2 = 12 < 15

        SubnetReport r = checkTwo(CheckSettings.today(50, 15, 1));

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(r.summary()).isEqualTo("CRITICAL: " + SUBNET_C
                + " has 12 free IPs after 1 more ENI and 1 spare (crit < 15); 2 subnets in 2 AZs");
    }

    @Test
    void check_shouldWarn_whenAllSubnetsAreInOneAz() {
        vpc.subnet(SUBNET_A, "ap-northeast-1a", "10.0.1.0/24", 251);
        vpc.subnet(SUBNET_C, "ap-northeast-1a", "10.0.2.0/24", 251);

        SubnetReport r = checkTwo(DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(r.summary()).isEqualTo("WARNING: all 2 subnets are in one AZ (ap-northeast-1a): "
                + "give subnets in 2 or more AZs; 2 subnets in 1 AZ");
    }

    @Test
    void check_shouldBeCriticalNamingIt_whenASubnetDoesNotExist() {
        twoSubnets(251, 251);

        SubnetReport r = new SubnetCheck(vpc).check(VpcTarget.of("--subnet-ids",
                List.of(SUBNET_A, SUBNET_C, "subnet-0fffffff"), List.of(SG)), DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(r.summary()).isEqualTo("CRITICAL: subnet-0fffffff does not exist; 2 subnets in 2 AZs");
        assertThat(r.missingSubnetIds()).containsExactly("subnet-0fffffff");
        assertThat(String.join("\n", r.textLines())).containsPattern("subnet-0fffffff .*CRITICAL \\(does not exist\\)")
                .containsPattern(SUBNET_A + " .* 249 +OK");
    }

    @Test
    void check_shouldBeCriticalNamingIt_whenASecurityGroupDoesNotExist() {
        twoSubnets(251, 251);

        SubnetReport r = new SubnetCheck(vpc).check(VpcTarget.of("--subnet-ids", List.of(SUBNET_A, SUBNET_C),
                List.of(SG, "sg-0dead0be")), DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(r.summary()).isEqualTo("CRITICAL: security group sg-0dead0be does not exist; 2 subnets in 2 AZs");
        assertThat(r.missingSecurityGroupIds()).containsExactly("sg-0dead0be");
    }

    @Test
    void check_shouldNeedNoEni_whenALambdaEniWithTheSameSecurityGroupSetIsThere() {
        twoSubnets(251, 251);
        vpc.eni("eni-0000000000000aaaa", SUBNET_A, "lambda", List.of(SG_OTHER, SG));
        vpc.eni("eni-0000000000000bbbb", SUBNET_C, "lambda", List.of(SG_OTHER));
        vpc.eni("eni-0000000000000cccc", SUBNET_C, "interface", List.of(SG));

        SubnetReport r = new SubnetCheck(vpc).check(VpcTarget.of("--subnet-ids", List.of(SUBNET_A, SUBNET_C),
                List.of(SG, SG_OTHER)), DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.OK);
        // same set in another order: served
        assertThat(line(r, SUBNET_A).lambdaEnis()).isEqualTo(1);
        assertThat(line(r, SUBNET_A).enisNeeded()).isZero();
        assertThat(line(r, SUBNET_A).freeAfter()).isEqualTo(251 - 0 - 1);
        // a Lambda ENI with a different set, and a non-Lambda ENI with the right group: not served
        assertThat(line(r, SUBNET_C).lambdaEnis()).isEqualTo(1);
        assertThat(line(r, SUBNET_C).enisNeeded()).isEqualTo(1);
        assertThat(line(r, SUBNET_C).freeAfter()).isEqualTo(251 - 1 - 1);
    }

    @Test
    void check_shouldCountEveryLambdaEni_andFindTheOneWithTheFunctionsGroups() {
        vpc.subnet(SUBNET_A, "ap-northeast-1a", "10.0.16.0/20", 4091);
        vpc.subnet(SUBNET_C, "ap-northeast-1c", "10.0.32.0/20", 4091);
        for (int i = 0; i < 130; i++) {
            vpc.eni(String.format("eni-%017x", i), i % 2 == 0 ? SUBNET_A : SUBNET_C, "lambda", List.of(SG_OTHER));
        }
        vpc.eni("eni-0000000000000ffff", SUBNET_C, "lambda", List.of(SG));

        SubnetReport r = checkTwo(DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.OK);
        assertThat(line(r, SUBNET_A).lambdaEnis()).isEqualTo(65);
        assertThat(line(r, SUBNET_C).lambdaEnis()).isEqualTo(66);
        assertThat(line(r, SUBNET_A).enisNeeded()).isEqualTo(1);
        assertThat(line(r, SUBNET_C).enisNeeded()).isZero();
    }

    @Test
    void check_shouldUseTheLegacyFormula_whenAskedWithConcurrencyAndMemory() {
        twoSubnets(251, 60);

        SubnetReport r = checkTwo(new CheckSettings(20, 5, 1, 100, 1536));

        // 100 x 1536 MB / 3072 MB = 50 ENIs, 25 per subnet; 60 - 25 - 1 = 34
        assertThat(r.status()).isEqualTo(CheckStatus.OK);
        JsonNode report = r.json(json);
        assertThat(report.path("model").asText()).isEqualTo("legacy");
        assertThat(line(r, SUBNET_A).enisNeeded()).isEqualTo(25);
        assertThat(line(r, SUBNET_C).enisNeeded()).isEqualTo(25);
        assertThat(line(r, SUBNET_C).freeAfter()).isEqualTo(34);
    }

    @Test
    void check_shouldWarnUnderTheLegacyFormula_whereTodaysModelIsOk() {
        twoSubnets(251, 40);

        SubnetReport today = checkTwo(DEFAULTS);
        SubnetReport legacy = checkTwo(new CheckSettings(20, 5, 1, 100, 1536));

        assertThat(today.status()).isEqualTo(CheckStatus.OK);
        assertThat(legacy.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(legacy.summary()).isEqualTo("WARNING: " + SUBNET_C
                + " has 14 free IPs after 25 more ENIs and 1 spare (warn < 20); 2 subnets in 2 AZs");
        assertThat(String.join("\n", legacy.textLines())).contains("ceil(100 × 1536 MB / 3072 MB) = 50 ENIs");
    }

    @Test
    void checkFunction_shouldCheckTheFunctionsVpcConfig() {
        twoSubnets(250, 250);
        vpc.function("opsnotify-notifier", List.of(SUBNET_A, SUBNET_C), List.of(SG));
        // Lambda made one ENI per subnet for the function's (subnet, SG set)
        vpc.eni("eni-0000000000000aaaa", SUBNET_A, "lambda", List.of(SG));
        vpc.eni("eni-0000000000000cccc", SUBNET_C, "lambda", List.of(SG));

        SubnetReport r = new SubnetCheck(vpc).checkFunction("opsnotify-notifier", DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.OK);
        assertThat(r.target().source()).isEqualTo("function opsnotify-notifier VpcConfig");
        assertThat(r.subnets()).extracting(SubnetReport.SubnetLine::subnetId).containsExactly(SUBNET_A, SUBNET_C);
        for (String id : List.of(SUBNET_A, SUBNET_C)) {
            assertThat(line(r, id).lambdaEnis()).isEqualTo(1);
            assertThat(line(r, id).enisNeeded()).isZero();
            assertThat(line(r, id).freeAfter()).isEqualTo(249);
        }
        assertThat(vpc.calls()).containsExactly("functionVpc", "subnets", "existingSecurityGroups", "lambdaEnis");
    }

    @Test
    void checkFunction_shouldBeCriticalAndLookNoFurther_whenTheFunctionIsNotInAVpc() {
        vpc.function("plain", List.of(), List.of());

        SubnetReport r = new SubnetCheck(vpc).checkFunction("plain", DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(r.textLines()).containsExactly(
                "CRITICAL: function plain is not in a VPC (no VpcConfig subnets): it cannot reach the replica");
        assertThat(vpc.calls()).containsExactly("functionVpc");
    }

    @Test
    void checkFunction_shouldBeCritical_whenTheFunctionDoesNotExist() {
        SubnetReport r = new SubnetCheck(vpc).checkFunction("nope", DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        JsonNode report = r.json(json);
        assertThat(report.path("status").asText()).isEqualTo("CRITICAL");
        assertThat(report.path("summary").asText()).isEqualTo("CRITICAL: function nope does not exist");
        assertThat(vpc.calls()).containsExactly("functionVpc");
    }

    @Test
    void check_shouldBeUnknownOnOneLine_whenAwsRefuses() {
        twoSubnets(251, 251);
        vpc.failOn("lambdaEnis", InMemoryVpcInventory.awsError(CloudException.Kind.ACCESS_DENIED, "UnauthorizedOperation",
                "You are not authorized to perform this operation."));

        SubnetReport r = checkTwo(DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.UNKNOWN);
        assertThat(r.textLines()).containsExactly(
                "UNKNOWN: AWS error UnauthorizedOperation (Ec2): You are not authorized to perform this operation.");
        JsonNode report = r.json(json);
        assertThat(report.path("status").asText()).isEqualTo("UNKNOWN");
        assertThat(report.path("summary").asText()).isEqualTo(r.textLines().get(0));
        assertThat(report.path("subnets")).isEmpty();
    }

    @Test
    void checkFunction_shouldBeUnknown_whenTheFunctionCannotBeRead() {
        vpc.failOn("functionVpc", InMemoryVpcInventory.awsError(CloudException.Kind.ACCESS_DENIED, "AccessDeniedException",
                "not allowed"));

        SubnetReport r = new SubnetCheck(vpc).checkFunction("opsnotify-notifier", DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.UNKNOWN);
        assertThat(r.summary()).isEqualTo("UNKNOWN: AWS error AccessDeniedException (Ec2): not allowed");
        assertThat(vpc.calls()).containsExactly("functionVpc");
    }

    @Test
    void fromVpcConfig_shouldBeUnusable_whenTheFunctionIsNotInAVpc() {
        VpcTarget t = SubnetCheck.fromVpcConfig("f", VpcInventory.FunctionVpc.NONE);

        assertThat(t.problem()).isEqualTo("function f is not in a VPC (no VpcConfig subnets): it cannot reach the replica");
    }

    @Test
    void fromVpcConfig_shouldTakeSubnetsAndGroups_whenInAVpc() {
        VpcTarget t = SubnetCheck.fromVpcConfig("f", new VpcInventory.FunctionVpc(List.of("subnet-a", "subnet-b"),
                List.of("sg-1")));

        assertThat(t.problem()).isNull();
        assertThat(t.subnetIds()).containsExactly("subnet-a", "subnet-b");
        assertThat(t.securityGroupIds()).containsExactly("sg-1");
        assertThat(t.source()).isEqualTo("function f VpcConfig");
    }
}
