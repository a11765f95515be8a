package io.opsnotify.vpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsnotify.cloud.CloudException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VpcInventory} must do, run against the in-memory fake
 * ({@code InMemoryVpcInventoryTest}) and against the EC2/Lambda adapter on the wire emulator
 * ({@code Ec2VpcInventoryIT}): missing ids left out, only Lambda ENIs, every page read, a
 * missing function empty, failures as {@link CloudException}.
 */
public abstract class VpcInventoryContract {
    protected static final String VPC = "vpc-0abc1234";
    protected static final String SUBNET_A = "subnet-0a1b2c3d";
    protected static final String SUBNET_C = "subnet-4e5f6a7b";
    protected static final String SUBNET_D = "subnet-0d0d0d0d";
    protected static final String SG = "sg-0123abcd";
    protected static final String SG_OTHER = "sg-0456efab";

    /** The implementation under test, answering from what was seeded. */
    protected abstract VpcInventory inventory();

    protected abstract void addSubnet(String id, String az, String cidr, int freeIps);

    protected abstract void addSecurityGroup(String id);

    protected abstract void addEni(String id, String subnetId, String interfaceType, List<String> groupIds);

    /** A function in these subnets and groups, or not in a VPC with empty lists. */
    protected abstract void addFunction(String name, List<String> subnetIds, List<String> groupIds);

    /** Every later call is refused as not allowed (HTTP 403). */
    protected abstract void denyEverything();

    /** More than the adapter's page size of ENIs: the adapter under test reads small pages. */
    protected int manyItems() {
        return 12;
    }

    @Test
    public void subnets_shouldGiveTheOnesThatExist_andLeaveOutMissingIds() {
        addSubnet(SUBNET_A, "ap-northeast-1a", "10.0.1.0/24", 251);
        addSubnet(SUBNET_C, "ap-northeast-1c", "10.0.2.0/24", 200);
        addSubnet(SUBNET_D, "ap-northeast-1d", "10.0.3.0/24", 100);

        List<VpcInventory.Subnet> found = inventory().subnets(List.of(SUBNET_A, SUBNET_C, "subnet-0fffffff"));

        assertThat(found).containsExactlyInAnyOrder(
                new VpcInventory.Subnet(SUBNET_A, "ap-northeast-1a", "10.0.1.0/24", 251),
                new VpcInventory.Subnet(SUBNET_C, "ap-northeast-1c", "10.0.2.0/24", 200));
    }

    @Test
    public void subnets_shouldBeEmpty_whenNoneExists() {
        addSubnet(SUBNET_A, "ap-northeast-1a", "10.0.1.0/24", 251);

        assertThat(inventory().subnets(List.of("subnet-0fffffff"))).isEmpty();
    }

    @Test
    public void subnets_shouldGiveEveryOne_whenThereAreMoreThanAPage() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < manyItems(); i++) {
            String id = String.format("subnet-%08x", 0x100 + i);
            addSubnet(id, "ap-northeast-1a", String.format("10.0.%d.0/24", 100 + i), 250);
            ids.add(id);
        }

        assertThat(inventory().subnets(ids)).extracting(VpcInventory.Subnet::subnetId)
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    public void existingSecurityGroups_shouldGiveOnlyTheIdsThatExist() {
        addSecurityGroup(SG);
        addSecurityGroup(SG_OTHER);

        assertThat(inventory().existingSecurityGroups(List.of(SG, "sg-0dead0be"))).containsExactly(SG);
    }

    @Test
    public void lambdaEnis_shouldGiveTheLambdaEnisOfTheSubnets_withTheirGroups() {
        addSubnet(SUBNET_A, "ap-northeast-1a", "10.0.1.0/24", 251);
        addSubnet(SUBNET_C, "ap-northeast-1c", "10.0.2.0/24", 251);
        addSubnet(SUBNET_D, "ap-northeast-1d", "10.0.3.0/24", 251);
        addEni("eni-0000000000000aaaa", SUBNET_A, "lambda", List.of(SG_OTHER, SG));
        addEni("eni-0000000000000cccc", SUBNET_C, "interface", List.of(SG));
        addEni("eni-0000000000000dddd", SUBNET_D, "lambda", List.of(SG));

        List<VpcInventory.LambdaEni> enis = inventory().lambdaEnis(List.of(SUBNET_A, SUBNET_C));

        assertThat(enis).singleElement().satisfies(e -> {
            assertThat(e.eniId()).isEqualTo("eni-0000000000000aaaa");
            assertThat(e.subnetId()).isEqualTo(SUBNET_A);
            assertThat(e.securityGroupIds()).containsExactlyInAnyOrder(SG, SG_OTHER);
        });
    }

    @Test
    public void lambdaEnis_shouldGiveEveryOne_whenThereAreMoreThanAPage() {
        addSubnet(SUBNET_A, "ap-northeast-1a", "10.0.16.0/20", 4091);
        addSubnet(SUBNET_C, "ap-northeast-1c", "10.0.32.0/20", 4091);
        for (int i = 0; i < manyItems(); i++) {
            addEni(String.format("eni-%017x", i), i % 2 == 0 ? SUBNET_A : SUBNET_C, "lambda", List.of(SG_OTHER));
        }
        addEni("eni-0000000000000ffff", SUBNET_C, "lambda", List.of(SG)); // last: on the last page

        List<VpcInventory.LambdaEni> enis = inventory().lambdaEnis(List.of(SUBNET_A, SUBNET_C));

        assertThat(enis).hasSize(manyItems() + 1);
        assertThat(enis).filteredOn(e -> e.securityGroupIds().equals(List.of(SG)))
                .extracting(VpcInventory.LambdaEni::eniId).containsExactly("eni-0000000000000ffff");
    }

    @Test
    public void functionVpc_shouldGiveTheSubnetsAndGroups_whenTheFunctionIsInAVpc() {
        addSubnet(SUBNET_A, "ap-northeast-1a", "10.0.1.0/24", 251);
        addSubnet(SUBNET_C, "ap-northeast-1c", "10.0.2.0/24", 251);
        addSecurityGroup(SG);
        addFunction("opsnotify-notifier", List.of(SUBNET_A, SUBNET_C), List.of(SG));

        assertThat(inventory().functionVpc("opsnotify-notifier"))
                .contains(new VpcInventory.FunctionVpc(List.of(SUBNET_A, SUBNET_C), List.of(SG)));
    }

    @Test
    public void functionVpc_shouldHaveEmptyLists_whenTheFunctionIsNotInAVpc() {
        addFunction("plain", List.of(), List.of());

        assertThat(inventory().functionVpc("plain")).hasValueSatisfying(v -> {
            assertThat(v.inVpc()).isFalse();
            assertThat(v.subnetIds()).isEmpty();
            assertThat(v.securityGroupIds()).isEmpty();
        });
    }

    @Test
    public void functionVpc_shouldBeEmpty_whenTheFunctionDoesNotExist() {
        assertThat(inventory().functionVpc("nope")).isEmpty();
    }

    @Test
    public void everyCall_shouldThrowCloudExceptionWithKindAndCode_whenAwsRefuses() {
        addSubnet(SUBNET_A, "ap-northeast-1a", "10.0.1.0/24", 251);
        addSecurityGroup(SG);
        addFunction("opsnotify-notifier", List.of(SUBNET_A), List.of(SG));
        denyEverything();
        VpcInventory inventory = inventory();

        List<Consumer<VpcInventory>> calls = List.of(i -> i.subnets(List.of(SUBNET_A)),
                i -> i.existingSecurityGroups(List.of(SG)), i -> i.lambdaEnis(List.of(SUBNET_A)),
                i -> i.functionVpc("opsnotify-notifier"));
        for (Consumer<VpcInventory> call : calls) {
            assertThatThrownBy(() -> call.accept(inventory)).isInstanceOfSatisfying(CloudException.class, e -> {
                assertThat(e.kind()).isEqualTo(CloudException.Kind.ACCESS_DENIED);
                assertThat(e.code()).isNotBlank();
                assertThat(e.getMessage()).startsWith("AWS error " + e.code()).doesNotContain("\n");
            });
        }
    }
}
