package io.opsnotify.aws;

import io.opsnotify.cloud.CloudException;
import io.opsnotify.notifier.base.SafeText;
import io.opsnotify.s3policy.GatewayEndpoints;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * {@link GatewayEndpoints} on EC2: DescribeVpcEndpoints by id, DescribeRouteTables and
 * DescribeSubnets with a {@code vpc-id} filter, DescribeNetworkInterfaces with a
 * {@code subnet-id} filter; every page read (MaxResults {@link #PAGE_SIZE}). Every failure is a
 * {@link CloudException}; an endpoint that does not exist is AWS's
 * {@code InvalidVpcEndpointId.NotFound} (kind NOT_FOUND).
 */
public final class Ec2GatewayEndpoints implements GatewayEndpoints {
    /** MaxResults of every paginated Describe call (EC2 accepts 5..1000). */
    static final int PAGE_SIZE = 100;

    private final AwsClients aws;
    private final int pageSize;

    public Ec2GatewayEndpoints(AwsClients aws) {
        this(aws, PAGE_SIZE);
    }

    Ec2GatewayEndpoints(AwsClients aws, int pageSize) {
        this.aws = aws;
        this.pageSize = pageSize;
    }

    @Override
    public Endpoint endpoint(String endpointId) {
        List<VpcEndpoint> found = AwsErrors.call(() -> aws.ec2().describeVpcEndpoints(r -> r.vpcEndpointIds(endpointId))
                .vpcEndpoints());
        if (found.isEmpty()) { // AWS answers a missing id with an error; an empty answer means the same
            throw new CloudException(CloudException.Kind.NOT_FOUND, null,
                    "DescribeVpcEndpoints returned no endpoint " + SafeText.line(endpointId), null);
        }
        VpcEndpoint e = found.get(0);
        return new Endpoint(e.vpcEndpointId(), e.vpcId(), e.serviceName(), e.policyDocument(), e.routeTableIds());
    }

    @Override
    public List<RouteTable> routeTables(String vpcId) {
        return AwsErrors.call(() -> aws.ec2().describeRouteTablesPaginator(r -> r
                        .filters(filter("vpc-id", List.of(vpcId))).maxResults(pageSize)).routeTables().stream()
                .map(t -> new RouteTable(t.routeTableId(),
                        t.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main())),
                        t.associations().stream().map(RouteTableAssociation::subnetId).filter(Objects::nonNull).toList()))
                .toList());
    }

    @Override
    public List<String> subnetIds(String vpcId) {
        return AwsErrors.call(() -> aws.ec2().describeSubnetsPaginator(r -> r
                        .filters(filter("vpc-id", List.of(vpcId))).maxResults(pageSize)).subnets().stream()
                .map(Subnet::subnetId).toList());
    }

    @Override
    public List<Eni> enis(Collection<String> subnetIds) {
        if (subnetIds.isEmpty()) {
            return List.of();
        }
        return AwsErrors.call(() -> aws.ec2().describeNetworkInterfacesPaginator(r -> r
                        .filters(filter("subnet-id", subnetIds)).maxResults(pageSize)).networkInterfaces().stream()
                .map(Ec2GatewayEndpoints::eni).toList());
    }

    /** The instance an ENI is attached to, if any. */
    static Eni eni(NetworkInterface n) {
        String instance = n.attachment() == null ? null : n.attachment().instanceId();
        return new Eni(n.networkInterfaceId(), n.subnetId(), instance);
    }

    private static Filter filter(String name, Collection<String> values) {
        return Filter.builder().name(name).values(values).build();
    }
}
