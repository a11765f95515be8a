package io.opsnotify.aws;

import io.opsnotify.cloud.CloudException;
import io.opsnotify.vpc.VpcInventory;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.VpcConfigResponse;

/**
 * {@link VpcInventory} on EC2 and Lambda: DescribeSubnets, DescribeSecurityGroups and
 * DescribeNetworkInterfaces (filter {@code interface-type=lambda}), each with a filter rather
 * than ids so that a missing id is left out instead of failing the call, every page read
 * (MaxResults {@link #PAGE_SIZE}); GetFunctionConfiguration, whose
 * {@code ResourceNotFoundException} is a function that does not exist. Every other failure is a
 * {@link CloudException}.
 */
public final class Ec2VpcInventory implements VpcInventory {
    /** MaxResults of every Describe call (EC2 accepts 5..1000). */
    static final int PAGE_SIZE = 100;

    private final AwsClients aws;
    private final int pageSize;

    public Ec2VpcInventory(AwsClients aws) {
        this(aws, PAGE_SIZE);
    }

    Ec2VpcInventory(AwsClients aws, int pageSize) {
        this.aws = aws;
        this.pageSize = pageSize;
    }

    @Override
    public List<Subnet> subnets(Collection<String> subnetIds) {
        if (subnetIds.isEmpty()) {
            return List.of();
        }
        return AwsErrors.call(() -> aws.ec2().describeSubnetsPaginator(r -> r
                        .filters(filter("subnet-id", subnetIds)).maxResults(pageSize)).subnets().stream()
                .map(s -> new Subnet(s.subnetId(), s.availabilityZone(), s.cidrBlock(),
                        s.availableIpAddressCount() == null ? 0 : s.availableIpAddressCount()))
                .toList());
    }

    @Override
    public Set<String> existingSecurityGroups(Collection<String> groupIds) {
        if (groupIds.isEmpty()) {
            return Set.of();
        }
        return AwsErrors.call(() -> {
            Set<String> found = new HashSet<>();
            aws.ec2().describeSecurityGroupsPaginator(r -> r.filters(filter("group-id", groupIds)).maxResults(pageSize))
                    .securityGroups().forEach(g -> found.add(g.groupId()));
            return Set.copyOf(found);
        });
    }

    @Override
    public List<LambdaEni> lambdaEnis(Collection<String> subnetIds) {
        if (subnetIds.isEmpty()) {
            return List.of();
        }
        return AwsErrors.call(() -> aws.ec2().describeNetworkInterfacesPaginator(r -> r
                        .filters(filter("interface-type", List.of("lambda")), filter("subnet-id", subnetIds))
                        .maxResults(pageSize)).networkInterfaces().stream()
                .map(n -> new LambdaEni(n.networkInterfaceId(), n.subnetId(),
                        n.groups().stream().map(GroupIdentifier::groupId).toList()))
                .toList());
    }

    @Override
    public Optional<FunctionVpc> functionVpc(String functionName) {
        return AwsErrors.call(() -> {
            try {
                return Optional.of(functionVpc(aws.lambda().getFunctionConfiguration(r -> r.functionName(functionName))
                        .vpcConfig()));
            } catch (ResourceNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    /** No VpcConfig, or (as AWS answers for a function taken out of its VPC) one with empty lists: not in a VPC. */
    static FunctionVpc functionVpc(VpcConfigResponse vpc) {
        if (vpc == null || vpc.subnetIds() == null || vpc.subnetIds().isEmpty()) {
            return FunctionVpc.NONE;
        }
        return new FunctionVpc(vpc.subnetIds(), vpc.securityGroupIds() == null ? List.of() : vpc.securityGroupIds());
    }

    private static Filter filter(String name, Collection<String> values) {
        return Filter.builder().name(name).values(values).build();
    }
}
