package io.opsnotify.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.opsnotify.cloud.CloudException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RouteTables} must do, as sync-cf-routes relies on it: run against the
 * in-memory fake ({@code InMemoryRouteTablesTest}) and against the EC2 adapter on the wire
 * emulator ({@code Ec2RouteTablesIT}), so that the fake the domain tests use behaves as EC2 does.
 */
abstract class RouteTablesContract {
    static final String VPC = "vpc-0abc1234";
    static final String NAT = "nat-0123456789abcdef0";
    static final String RTB = "rtb-0a1b2c3d";

    /** A VPC with a primary IPv4 CIDR and, optionally, associated IPv4 and IPv6 ones. */
    abstract void seedVpc(String id, String primary, String... associated);

    abstract void seedNat(String id, String vpcId);

    /** A route table of the VPC, with its local route. */
    abstract void seedTable(String id, String vpcId);

    abstract void seedRoute(String tableId, String destination, String natGatewayId);

    abstract void seedGatewayRoute(String tableId, String destination, String gatewayId);

    /** The next createRoute fails as EC2 does for a caller not allowed to (UnauthorizedOperation). */
    abstract void denyNextCreateRoute();

    abstract RouteTables port();

    @BeforeEach
    void seed() {
        seedVpc(VPC, "10.0.0.0/16", "52.84.0.0/16", "2600:1f18:1234:5600::/56");
        seedNat(NAT, VPC);
        seedTable(RTB, VPC);
        seedGatewayRoute(RTB, "0.0.0.0/0", "igw-0123456789abcdef0");
        seedRoute(RTB, "13.32.0.0/15", NAT);
        seedRoute(RTB, "2600:9000::/28", NAT);
    }

    RouteTables.Table table(String id) {
        return port().tables(List.of(id)).get(0);
    }

    @Test
    void tables_shouldListEveryRoute_withItsTargetOriginAndState_andTheLocalRoute() {
        RouteTables.Table t = table(RTB);

        assertThat(t.id()).isEqualTo(RTB);
        assertThat(t.vpcId()).isEqualTo(VPC);
        assertThat(t.routes()).contains(
                new CurrentRoute("10.0.0.0/16", null, "local", "CreateRouteTable", "active"),
                new CurrentRoute("0.0.0.0/0", null, "igw-0123456789abcdef0", "CreateRoute", "active"),
                new CurrentRoute("13.32.0.0/15", NAT, null, "CreateRoute", "active"),
                new CurrentRoute("2600:9000::/28", NAT, null, "CreateRoute", "active"));
        assertThat(t.routes()).hasSize(4);
    }

    @Test
    void tables_shouldReturnEveryTableAsked_inTheOrderAsked() {
        List<String> ids = new ArrayList<>();
        for (int i = 24; i >= 0; i--) {
            String id = String.format("rtb-%08x", 0x10000000 + i);
            seedTable(id, VPC);
            ids.add(id);
        }

        List<RouteTables.Table> found = port().tables(ids);

        assertThat(found).extracting(RouteTables.Table::id).containsExactlyElementsOf(ids);
    }

    @Test
    void tables_shouldFailNotFound_namingEc2sCode_whenOneDoesNotExist() {
        CloudException e = catchThrowableOfType(() -> port().tables(List.of(RTB, "rtb-0fffffff")), CloudException.class);

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND);
        assertThat(e.code()).isEqualTo("InvalidRouteTableID.NotFound");
        assertThat(e.getMessage()).contains("InvalidRouteTableID.NotFound").contains("rtb-0fffffff");
    }

    @Test
    void natGateway_shouldGiveItsVpcAndState_andFailNotFound_forAnUnknownId() {
        assertThat(port().natGateway(NAT)).contains(new RouteTables.NatGateway(NAT, VPC, "available"));

        CloudException e = catchThrowableOfType(() -> port().natGateway("nat-0eeee000000000000"), CloudException.class);

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND);
        assertThat(e.code()).isEqualTo("NatGatewayNotFound");
    }

    @Test
    void vpcs_shouldGiveThePrimaryAndEveryAssociatedCidr_onceEach() {
        Map<String, RouteTables.Vpc> vpcs = port().vpcs(List.of(VPC));

        assertThat(vpcs).containsOnlyKeys(VPC);
        assertThat(vpcs.get(VPC).cidrs()).containsExactlyInAnyOrder("10.0.0.0/16", "52.84.0.0/16", "2600:1f18:1234:5600::/56");
        assertThat(port().vpcs(List.of())).isEmpty();
    }

    @Test
    void createRoute_shouldAddAnActiveRouteToTheNat_forEitherFamily_andSayFalseWhenItExists() {
        assertThat(port().createRoute(RTB, "54.192.0.0/16", NAT)).isTrue();
        assertThat(port().createRoute(RTB, "2600:9000:1000::/36", NAT)).isTrue();
        assertThat(port().createRoute(RTB, "54.192.0.0/16", NAT)).as("already there").isFalse();

        assertThat(table(RTB).routes()).contains(new CurrentRoute("54.192.0.0/16", NAT, null, "CreateRoute", "active"),
                new CurrentRoute("2600:9000:1000::/36", NAT, null, "CreateRoute", "active"));
        assertThat(table(RTB).routes()).hasSize(6);
    }

    @Test
    void deleteRoute_shouldRemoveTheRoute_forEitherFamily_andSayFalseWhenItIsGone() {
        assertThat(port().deleteRoute(RTB, "13.32.0.0/15")).isTrue();
        assertThat(port().deleteRoute(RTB, "2600:9000::/28")).isTrue();
        assertThat(port().deleteRoute(RTB, "13.32.0.0/15")).as("already gone").isFalse();

        assertThat(table(RTB).routes()).extracting(CurrentRoute::destination).containsExactlyInAnyOrder("10.0.0.0/16", "0.0.0.0/0");
    }

    @Test
    void deleteRoute_shouldRefuseTheLocalRoute_asAnInvalidRequest() {
        CloudException e = catchThrowableOfType(() -> port().deleteRoute(RTB, "10.0.0.0/16"), CloudException.class);

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(CloudException.Kind.INVALID_REQUEST);
        assertThat(table(RTB).routes()).extracting(CurrentRoute::destination).contains("10.0.0.0/16");
    }

    @Test
    void changes_shouldFailNotFound_forATableThatDoesNotExist() {
        CloudException e = catchThrowableOfType(() -> port().createRoute("rtb-0fffffff", "54.192.0.0/16", NAT), CloudException.class);

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND);
    }

    @Test
    void tagAndUntag_shouldWriteAndRemoveTags_leavingOthers() {
        port().tag(RTB, Map.of("opsnotify:cf-sync-token", "1787433425", "opsnotify:cf-owned-1", "13.32.0.0/15",
                "opsnotify:cf-owned-2", "54.192.0.0/16"));
        port().tag(RTB, Map.of("opsnotify:cf-sync-token", "1787433999"));
        port().untag(RTB, Set.of("opsnotify:cf-owned-2"));

        assertThat(table(RTB).tags()).isEqualTo(Map.of("opsnotify:cf-sync-token", "1787433999", "opsnotify:cf-owned-1",
                "13.32.0.0/15"));
    }

    @Test
    void aRefusedCall_shouldBeACloudException_withItsKindAndCode_andChangeNothing() {
        denyNextCreateRoute();

        CloudException e = catchThrowableOfType(() -> port().createRoute(RTB, "54.192.0.0/16", NAT), CloudException.class);

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(CloudException.Kind.ACCESS_DENIED);
        assertThat(e.code()).isEqualTo("UnauthorizedOperation");
        assertThat(e.getMessage()).startsWith("AWS error UnauthorizedOperation");
        assertThat(table(RTB).routes()).extracting(CurrentRoute::destination).doesNotContain("54.192.0.0/16");
        assertThat(port().createRoute(RTB, "54.192.0.0/16", NAT)).as("only the next call fails").isTrue();
    }
}
