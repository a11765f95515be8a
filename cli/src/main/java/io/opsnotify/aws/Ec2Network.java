package io.opsnotify.aws;

import io.opsnotify.deploy.Network;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * {@link Network} on Amazon EC2: DescribeSubnets and DescribeSecurityGroups by id, so an id
 * that does not exist is EC2's own error ({@code InvalidSubnetID.NotFound},
 * {@code InvalidGroup.NotFound}) as a {@link io.opsnotify.cloud.CloudException} of kind NOT_FOUND.
 * A handful of ids fits one page.
 */
public final class Ec2Network implements Network {
    private final Ec2Client ec2;

    public Ec2Network(AwsClients aws) {
        this.ec2 = aws.ec2();
    }

    @Override
    public List<Subnet> subnets(List<String> ids) {
        return AwsErrors.call(() -> ec2.describeSubnets(r -> r.subnetIds(ids))).subnets().stream()
                .map(s -> new Subnet(s.subnetId(), s.vpcId(), s.availabilityZone())).toList();
    }

    @Override
    public List<SecurityGroup> securityGroups(List<String> ids) {
        return AwsErrors.call(() -> ec2.describeSecurityGroups(r -> r.groupIds(ids))).securityGroups().stream()
                .map(g -> new SecurityGroup(g.groupId(), g.vpcId())).toList();
    }
}
