package io.opsnotify.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsnotify.cloud.CloudException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake the domain tests use, held to the same contract as the EC2 adapter. */
class InMemoryRouteTablesTest extends RouteTablesContract {
    private final InMemoryRouteTables fake = new InMemoryRouteTables();

    @Override
    void seedVpc(String id, String primary, String... associated) {
        String[] all = new String[associated.length + 1];
        all[0] = primary;
        System.arraycopy(associated, 0, all, 1, associated.length);
        fake.vpc(id, all);
    }

    @Override
    void seedNat(String id, String vpcId) {
        fake.nat(id, vpcId);
    }

    @Override
    void seedTable(String id, String vpcId) {
        fake.table(id, vpcId);
    }

    @Override
    void seedRoute(String tableId, String destination, String natGatewayId) {
        fake.route(tableId, destination, natGatewayId);
    }

    @Override
    void seedGatewayRoute(String tableId, String destination, String gatewayId) {
        fake.gatewayRoute(tableId, destination, gatewayId);
    }

    @Override
    void denyNextCreateRoute() {
        fake.failNext("createRoute", new CloudException(CloudException.Kind.ACCESS_DENIED, "UnauthorizedOperation",
                "AWS error UnauthorizedOperation (Ec2): You are not authorized to perform this operation.", null), 1);
    }

    @Override
    RouteTables port() {
        return fake;
    }

    @Test
    void calls_shouldBeRecorded_soThatATestCanAssertNothingChanged() {
        port().tables(List.of(RTB));
        port().createRoute(RTB, "54.192.0.0/16", NAT);

        assertThat(fake.calls()).extracting(InMemoryRouteTables.Call::operation).containsExactly("tables", "createRoute");
        assertThat(fake.mutatingCalls()).containsExactly(new InMemoryRouteTables.Call("createRoute",
                RTB + " 54.192.0.0/16 " + NAT));
    }
}
