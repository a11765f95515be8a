package io.opsnotify.s3policy;

import io.opsnotify.cloud.CloudException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/** The fake holds to the contract the SDK adapter holds to ({@code Ec2GatewayEndpointsIT}). */
class InMemoryGatewayEndpointsTest extends GatewayEndpointsContract {
    InMemoryGatewayEndpoints fake;

    @BeforeEach
    void create() {
        fake = new InMemoryGatewayEndpoints();
    }

    @Override
    protected GatewayEndpoints endpoints() {
        return fake;
    }

    @Override
    protected void addSubnet(String id, String vpcId) {
        fake.subnet(id, vpcId);
    }

    @Override
    protected void addRouteTable(String id, String vpcId, boolean main, String... subnetIds) {
        fake.routeTable(id, vpcId, main, subnetIds);
    }

    @Override
    protected void addEndpoint(String id, String vpcId, String serviceName, String policy, String... routeTableIds) {
        fake.endpoint(id, vpcId, serviceName, policy, routeTableIds);
    }

    @Override
    protected void addEni(String id, String subnetId) {
        fake.eni(id, subnetId, null);
    }

    @Override
    protected void denyEverything() {
        CloudException denied = InMemoryGatewayEndpoints.awsError(CloudException.Kind.ACCESS_DENIED,
                "UnauthorizedOperation", "You are not authorized to perform this operation.");
        for (String method : List.of("endpoint", "routeTables", "subnetIds", "enis")) {
            fake.failOn(method, denied);
        }
    }
}
