package io.opsnotify.vpc;

import io.opsnotify.check.CheckStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetReportTest {
    static final VpcTarget TARGET = VpcTarget.of("function f VpcConfig", List.of("subnet-a", "subnet-b"), List.of("sg-1"));
    static final CheckSettings DEFAULTS = CheckSettings.today(20, 5, 1);

    static SubnetFacts subnet(String id, String az, int free, boolean served) {
        return new SubnetFacts(id, az, "10.0.1.0/24", free, served ? 1 : 0, served);
    }

    @Test
    void assess_shouldBeOk_whenEverySubnetHasRoomInTwoAzs() {
        SubnetReport r = SubnetReport.assess(TARGET, List.of(subnet("subnet-a", "az-1a", 251, false),
                subnet("subnet-b", "az-1c", 100, true)), List.of(), List.of(), DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.OK);
        assertThat(r.summary()).isEqualTo("OK: 2 subnets in 2 AZs; fewest free IPs after the need: 99 (subnet-b)");
        assertThat(r.subnets()).extracting(SubnetReport.SubnetLine::enisNeeded).containsExactly(1, 0);
        assertThat(r.subnets()).extracting(SubnetReport.SubnetLine::freeAfter).containsExactly(249, 99);
    }

    @Test
    void assess_shouldWarn_whenFreeAfterNeedFallsUnderWarnButNotAtIt() {
        // 22 free - 1 ENI - 1 headroom = 20: not under 20
        SubnetReport atLimit = SubnetReport.assess(TARGET, List.of(subnet("subnet-a", "az-1a", 22, false),
                subnet("subnet-b", "az-1c", 251, false)), List.of(), List.of(), DEFAULTS);
        // 21 - 1 - 1 = 19
        SubnetReport under = SubnetReport.assess(TARGET, List.of(subnet("subnet-a", "az-1a", 21, false),
                subnet("subnet-b", "az-1c", 251, false)), List.of(), List.of(), DEFAULTS);

        assertThat(atLimit.status()).isEqualTo(CheckStatus.OK);
        assertThat(under.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(under.summary()).isEqualTo(
                "WARNING: subnet-a has 19 free IPs after 1 more ENI and 1 spare (warn < 20); 2 subnets in 2 AZs");
    }

    @Test
    void assess_shouldBeCritical_whenFreeAfterNeedFallsUnderCrit() {
        SubnetReport atLimit = SubnetReport.assess(TARGET, List.of(subnet("subnet-a", "az-1a", 7, false),
                subnet("subnet-b", "az-1c", 251, false)), List.of(), List.of(), DEFAULTS);
        SubnetReport under = SubnetReport.assess(TARGET, List.of(subnet("subnet-a", "az-1a", 6, false),
                subnet("subnet-b", "az-1c", 251, false)), List.of(), List.of(), DEFAULTS);

        assertThat(atLimit.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(under.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(under.summary()).startsWith("CRITICAL: subnet-a has 4 free IPs after 1 more ENI and 1 spare (crit < 5)");
        assertThat(under.subnets().get(0).status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(under.subnets().get(1).status()).isEqualTo(CheckStatus.OK);
    }

    @Test
    void assess_shouldSayHowManyShort_whenTheNeedExceedsFreeIps() {
        SubnetReport r = SubnetReport.assess(TARGET, List.of(subnet("subnet-a", "az-1a", 0, false),
                subnet("subnet-b", "az-1c", 251, false)), List.of(), List.of(), DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(r.subnets().get(0).freeAfter()).isEqualTo(-2);
        assertThat(r.summary()).startsWith("CRITICAL: subnet-a is 2 IPs short: 0 free, needs 1 more ENI and 1 spare");
    }

    @Test
    void assess_shouldWarn_whenAllSubnetsAreInOneAz() {
        SubnetReport r = SubnetReport.assess(TARGET, List.of(subnet("subnet-a", "az-1a", 251, false),
                subnet("subnet-b", "az-1a", 251, false)), List.of(), List.of(), DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(r.summary()).isEqualTo(
                "WARNING: all 2 subnets are in one AZ (az-1a): give subnets in 2 or more AZs; 2 subnets in 1 AZ");
    }

    @Test
    void assess_shouldBeCriticalNamingTheSubnet_whenASubnetDoesNotExist_andPutCriticalFirst() {
        SubnetReport r = SubnetReport.assess(TARGET, List.of(subnet("subnet-a", "az-1a", 251, false)),
                List.of("subnet-b"), List.of(), DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(r.summary()).isEqualTo("CRITICAL: subnet-b does not exist; the only subnet is in one AZ (az-1a): "
                + "give subnets in 2 or more AZs; 1 subnet in 1 AZ");
        assertThat(r.missingSubnetIds()).containsExactly("subnet-b");
    }

    @Test
    void assess_shouldBeCritical_whenTheTargetHasAProblem() {
        SubnetReport r = SubnetReport.assess(VpcTarget.unusable("function f", "function f is not in a VPC"), List.of(),
                List.of(), List.of(), DEFAULTS);

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(r.summary()).isEqualTo("CRITICAL: function f is not in a VPC");
        assertThat(r.textLines()).containsExactly("CRITICAL: function f is not in a VPC");
    }

    @Test
    void assess_shouldSpreadTheLegacyNeedOverTheSubnets_ignoringExistingEnis() {
        CheckSettings legacy = new CheckSettings(20, 5, 1, 100, 1536);

        SubnetReport r = SubnetReport.assess(TARGET, List.of(subnet("subnet-a", "az-1a", 251, true),
                subnet("subnet-b", "az-1c", 40, false)), List.of(), List.of(), legacy);

        assertThat(r.subnets()).extracting(SubnetReport.SubnetLine::enisNeeded).containsExactly(25, 25);
        assertThat(r.subnets()).extracting(SubnetReport.SubnetLine::freeAfter).containsExactly(225, 14);
        assertThat(r.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(r.summary()).startsWith("WARNING: subnet-b has 14 free IPs after 25 more ENIs and 1 spare (warn < 20)");
    }

    @Test
    void json_shouldHaveTheDocumentedShape() {
        SubnetReport r = SubnetReport.assess(TARGET, List.of(subnet("subnet-a", "az-1a", 251, false),
                subnet("subnet-b", "az-1c", 100, true)), List.of(), List.of(), DEFAULTS);

        JsonNode j = r.json(new ObjectMapper());

        assertThat(j.path("status").asText()).isEqualTo("OK");
        assertThat(j.path("summary").asText()).isEqualTo(r.summary());
        JsonNode first = j.path("subnets").get(0);
        assertThat(first.path("subnetId").asText()).isEqualTo("subnet-a");
        assertThat(first.path("availabilityZone").asText()).isEqualTo("az-1a");
        assertThat(first.path("cidr").asText()).isEqualTo("10.0.1.0/24");
        assertThat(first.path("freeIps").asInt()).isEqualTo(251);
        assertThat(first.path("lambdaEnis").asInt()).isZero();
        assertThat(first.path("enisNeeded").asInt()).isEqualTo(1);
        assertThat(first.path("freeAfter").asInt()).isEqualTo(249);
    }

    @Test
    void settings_shouldRefuseCritAboveWarn() {
        assertThatThrownBy(() -> CheckSettings.today(5, 20, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--crit-free (20) must not be more than --warn-free (5)");
    }
}
