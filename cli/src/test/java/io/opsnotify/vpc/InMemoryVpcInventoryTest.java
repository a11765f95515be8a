package io.opsnotify.vpc;

import io.opsnotify.cloud.CloudException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/** The fake holds to the contract the SDK adapter holds to ({@code Ec2VpcInventoryIT}). */
class InMemoryVpcInventoryTest extends VpcInventoryContract {
    InMemoryVpcInventory fake;

    @BeforeEach
    void create() {
        fake = new InMemoryVpcInventory();
    }

    @Override
    protected VpcInventory inventory() {
        return fake;
    }

    @Override
    protected void addSubnet(String id, String az, String cidr, int freeIps) {
        fake.subnet(id, az, cidr, freeIps);
    }

    @Override
    protected void addSecurityGroup(String id) {
        fake.securityGroup(id);
    }

    @Override
    protected void addEni(String id, String subnetId, String interfaceType, List<String> groupIds) {
        fake.eni(id, subnetId, interfaceType, groupIds);
    }

    @Override
    protected void addFunction(String name, List<String> subnetIds, List<String> groupIds) {
        fake.function(name, subnetIds, groupIds);
    }

    @Override
    protected void denyEverything() {
        CloudException denied = InMemoryVpcInventory.awsError(CloudException.Kind.ACCESS_DENIED, "UnauthorizedOperation",
                "You are not authorized to perform this operation.");
        for (String method : List.of("subnets", "existingSecurityGroups", "lambdaEnis", "functionVpc")) {
            fake.failOn(method, denied);
        }
    }
}
