package io.opsnotify.deploy;

import java.util.List;

/**
 * The subnets and security groups deploy puts the function in, as far as deploy checks them.
 * The SDK adapter is {@code io.opsnotify.aws.Ec2Network}; tests use an in-memory one. An id
 * that does not exist is a {@link io.opsnotify.cloud.CloudException} of kind NOT_FOUND whose
 * message names AWS's error code ({@code InvalidSubnetID.NotFound}, {@code InvalidGroup.NotFound}):
 * the config names it, so deploy stops there.
 */
public interface Network {

    record Subnet(String id, String vpcId, String availabilityZone) {
    }

    record SecurityGroup(String id, String vpcId) {
    }

    /** These subnets, one per id. */
    List<Subnet> subnets(List<String> ids);

    /** These security groups, one per id. */
    List<SecurityGroup> securityGroups(List<String> ids);
}
