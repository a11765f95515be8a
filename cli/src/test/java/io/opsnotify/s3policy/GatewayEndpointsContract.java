package io.opsnotify.s3policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsnotify.cloud.CloudException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GatewayEndpoints} must do, run against the in-memory fake
 * ({@code InMemoryGatewayEndpointsTest}) and against the EC2 adapter on the wire emulator
 * ({@code Ec2GatewayEndpointsIT}): the endpoint's facts, a missing endpoint NOT_FOUND, only the
 * VPC's tables and subnets, every page read, failures as {@link CloudException}.
 */
public abstract class GatewayEndpointsContract {
    protected static final String VPC = "vpc-0abc1234";
    protected static final String OTHER_VPC = "vpc-0fff9999";
    protected static final String VPCE = "vpce-0a1b2c3d4e5f60718";
    protected static final String S3 = "com.amazonaws.ap-northeast-1.s3";
    protected static final String SUBNET_A = "subnet-0a1b2c3d";
    protected static final String SUBNET_C = "subnet-4e5f6a7b";
    protected static final String SUBNET_X = "subnet-0e0e0e0e";
    protected static final String POLICY = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\","
            + "\"Resource\":\"*\"}]}";

    /** The implementation under test, answering from what was seeded. */
    protected abstract GatewayEndpoints endpoints();

    /** A subnet of a VPC seeded by the implementation ({@link #VPC} or {@link #OTHER_VPC}). */
    protected abstract void addSubnet(String id, String vpcId);

    protected abstract void addRouteTable(String id, String vpcId, boolean main, String... subnetIds);

    protected abstract void addEndpoint(String id, String vpcId, String serviceName, String policy, String... routeTableIds);

    /** An ENI not attached to an instance (the emulator has no instances). */
    protected abstract void addEni(String id, String subnetId);

    /** Every later call is refused as not allowed (HTTP 403). */
    protected abstract void denyEverything();

    /** More than the adapter's page size: the adapter under test reads small pages. */
    protected int manyItems() {
        return 12;
    }

    @Test
    public void endpoint_shouldGiveItsVpcServicePolicyAndRouteTables() {
        addEndpoint(VPCE, VPC, S3, POLICY, "rtb-0aaa1111", "rtb-0bbb2222");

        GatewayEndpoints.Endpoint e = endpoints().endpoint(VPCE);

        assertThat(e).isEqualTo(new GatewayEndpoints.Endpoint(VPCE, VPC, S3, POLICY, List.of("rtb-0aaa1111",
                "rtb-0bbb2222")));
    }

    @Test
    public void endpoint_shouldThrowNotFoundNamingIt_whenItDoesNotExist() {
        GatewayEndpoints endpoints = endpoints();

        assertThatThrownBy(() -> endpoints.endpoint("vpce-0fffffffffffffff0"))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND);
                    assertThat(e.code()).isEqualTo("InvalidVpcEndpointId.NotFound");
                    assertThat(e.getMessage()).isEqualTo("AWS error InvalidVpcEndpointId.NotFound (Ec2): "
                            + "The Vpc Endpoint Id 'vpce-0fffffffffffffff0' does not exist");
                });
    }

    @Test
    public void routeTables_shouldGiveTheVpcsTablesWithTheirAssociations_andWhichIsMain() {
        addSubnet(SUBNET_A, VPC);
        addSubnet(SUBNET_C, VPC);
        addSubnet(SUBNET_X, OTHER_VPC);
        addRouteTable("rtb-0aaa1111", VPC, false, SUBNET_A, SUBNET_C);
        addRouteTable("rtb-0main000", VPC, true);
        addRouteTable("rtb-0fff0000", OTHER_VPC, false, SUBNET_X);

        assertThat(endpoints().routeTables(VPC)).containsExactlyInAnyOrder(
                new GatewayEndpoints.RouteTable("rtb-0aaa1111", false, List.of(SUBNET_A, SUBNET_C)),
                new GatewayEndpoints.RouteTable("rtb-0main000", true, List.of()));
    }

    @Test
    public void subnetIds_shouldGiveOnlyTheSubnetsOfTheVpc() {
        addSubnet(SUBNET_A, VPC);
        addSubnet(SUBNET_C, VPC);
        addSubnet(SUBNET_X, OTHER_VPC);

        assertThat(endpoints().subnetIds(VPC)).containsExactlyInAnyOrder(SUBNET_A, SUBNET_C);
    }

    @Test
    public void subnetIds_shouldGiveEveryOne_whenThereAreMoreThanAPage() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < manyItems(); i++) {
            ids.add(String.format("subnet-%08x", 0x100 + i));
            addSubnet(ids.get(i), VPC);
        }

        assertThat(endpoints().subnetIds(VPC)).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    public void enis_shouldGiveEveryEniOfTheSubnets_acrossPages_andNoOther() {
        addSubnet(SUBNET_A, VPC);
        addSubnet(SUBNET_C, VPC);
        addSubnet(SUBNET_X, VPC);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < manyItems(); i++) {
            ids.add(String.format("eni-%017x", i));
            addEni(ids.get(i), i % 2 == 0 ? SUBNET_A : SUBNET_C);
        }
        addEni("eni-0000000000000eeee", SUBNET_X);

        List<GatewayEndpoints.Eni> enis = endpoints().enis(List.of(SUBNET_A, SUBNET_C));

        assertThat(enis).extracting(GatewayEndpoints.Eni::eniId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(enis).allSatisfy(e -> assertThat(e.instanceId()).as("not attached to an instance").isNull());
        assertThat(enis).filteredOn(e -> e.subnetId().equals(SUBNET_A)).hasSize((manyItems() + 1) / 2);
    }

    @Test
    public void everyCall_shouldThrowCloudExceptionWithKindAndCode_whenAwsRefuses() {
        addSubnet(SUBNET_A, VPC);
        addRouteTable("rtb-0aaa1111", VPC, false, SUBNET_A);
        addEndpoint(VPCE, VPC, S3, POLICY, "rtb-0aaa1111");
        denyEverything();
        GatewayEndpoints endpoints = endpoints();

        List<Consumer<GatewayEndpoints>> calls = List.of(g -> g.endpoint(VPCE), g -> g.routeTables(VPC),
                g -> g.subnetIds(VPC), g -> g.enis(List.of(SUBNET_A)));
        for (Consumer<GatewayEndpoints> call : calls) {
            assertThatThrownBy(() -> call.accept(endpoints)).isInstanceOfSatisfying(CloudException.class, e -> {
                assertThat(e.kind()).isEqualTo(CloudException.Kind.ACCESS_DENIED);
                assertThat(e.code()).isEqualTo("UnauthorizedOperation");
                assertThat(e.getMessage()).startsWith("AWS error UnauthorizedOperation (Ec2): ").doesNotContain("\n");
            });
        }
    }
}
