package io.opsnotify.deploy;

import io.opsnotify.cloud.CloudException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Network} in memory, as EC2 answers Describe* by id: an id that does not exist fails the
 * whole call with EC2's code ({@code InvalidSubnetID.NotFound}, {@code InvalidGroup.NotFound}).
 * Read-only: nothing to log. {@link #faults} answers injected errors.
 */
final class InMemoryNetwork implements Network {
    final CloudFaults faults = new CloudFaults();
    private final Map<String, Subnet> subnets = new LinkedHashMap<>();
    private final Map<String, SecurityGroup> groups = new LinkedHashMap<>();

    InMemoryNetwork subnet(String id, String vpcId, String az) {
        subnets.put(id, new Subnet(id, vpcId, az));
        return this;
    }

    InMemoryNetwork securityGroup(String id, String vpcId) {
        groups.put(id, new SecurityGroup(id, vpcId));
        return this;
    }

    @Override
    public synchronized List<Subnet> subnets(List<String> ids) {
        faults.check("DescribeSubnets");
        for (String id : ids) {
            if (!subnets.containsKey(id)) {
                throw CloudFaults.aws(CloudException.Kind.NOT_FOUND, "InvalidSubnetID.NotFound", "Ec2",
                        "The subnet ID '" + id + "' does not exist");
            }
        }
        return ids.stream().distinct().map(subnets::get).toList();
    }

    @Override
    public synchronized List<SecurityGroup> securityGroups(List<String> ids) {
        faults.check("DescribeSecurityGroups");
        for (String id : ids) {
            if (!groups.containsKey(id)) {
                throw CloudFaults.aws(CloudException.Kind.NOT_FOUND, "InvalidGroup.NotFound", "Ec2",
                        "The security group '" + id + "' does not exist");
            }
        }
        return ids.stream().distinct().map(groups::get).toList();
    }
}
