package io.opsnotify.vpc;

import io.opsnotify.aws.AwsClients;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.VpcConfigResponse;

/**
 * Whether the function's subnets have room for the ENIs Lambda needs (see {@link EniModel}).
 * Read-only: DescribeSubnets, DescribeSecurityGroups and DescribeNetworkInterfaces (filter
 * {@code interface-type=lambda}), all paginated; GetFunctionConfiguration for a deployed function.
 *
 * <p>Subnets and groups are looked up with a {@code subnet-id} / {@code group-id} filter rather
 * than by id: by id, one missing subnet fails the whole call with {@code InvalidSubnetID.NotFound},
 * while the filter returns the ones that exist, so a missing one can be named as CRITICAL.
 * AWS errors are thrown to the caller (the check is then UNKNOWN).
 */
public final class SubnetCheck {
    /** MaxResults of every Describe call (EC2 accepts 5..1000). */
    static final int PAGE_SIZE = 100;

    private final AwsClients aws;
    private final int pageSize;

    public SubnetCheck(AwsClients aws) {
        this(aws, PAGE_SIZE);
    }

    SubnetCheck(AwsClients aws, int pageSize) {
        this.aws = aws;
        this.pageSize = pageSize;
    }

    /**
     * The deployed function's VpcConfig. A function that does not exist, or is not in a VPC, gives
     * a target with a problem (CRITICAL): the notifier must be in the VPC to reach the replica.
     */
    public VpcTarget functionTarget(String functionName) {
        String source = "function " + functionName;
        GetFunctionConfigurationResponse fn;
        try {
            fn = aws.lambda().getFunctionConfiguration(r -> r.functionName(functionName));
        } catch (ResourceNotFoundException e) {
            return VpcTarget.unusable(source, "function " + functionName + " does not exist");
        }
        return fromVpcConfig(functionName, fn.vpcConfig());
    }

    /**
     * Absent VpcConfig, or (as AWS answers for a function taken out of its VPC) one with empty
     * lists: not in a VPC.
     */
    static VpcTarget fromVpcConfig(String functionName, VpcConfigResponse vpc) {
        String source = "function " + functionName;
        if (vpc == null || vpc.subnetIds() == null || vpc.subnetIds().isEmpty()) {
            return VpcTarget.unusable(source, "function " + functionName
                    + " is not in a VPC (no VpcConfig subnets): it cannot reach the replica");
        }
        return VpcTarget.of(source + " VpcConfig", vpc.subnetIds(), vpc.securityGroupIds());
    }

    public SubnetReport check(VpcTarget target, CheckSettings settings) {
        if (target.problem() != null) {
            return SubnetReport.assess(target, List.of(), List.of(), List.of(), settings);
        }
        List<String> wanted = List.copyOf(new LinkedHashSet<>(target.subnetIds()));
        Map<String, Subnet> subnets = new HashMap<>();
        for (Subnet s : aws.ec2().describeSubnetsPaginator(r -> r.filters(filter("subnet-id", wanted))
                .maxResults(pageSize)).subnets()) {
            subnets.put(s.subnetId(), s);
        }
        List<String> missing = wanted.stream().filter(id -> !subnets.containsKey(id)).toList();

        List<String> missingGroups = List.of();
        List<String> groups = List.copyOf(new LinkedHashSet<>(target.securityGroupIds()));
        if (!groups.isEmpty()) {
            Set<String> found = new HashSet<>();
            for (SecurityGroup g : aws.ec2().describeSecurityGroupsPaginator(r -> r.filters(filter("group-id", groups))
                    .maxResults(pageSize)).securityGroups()) {
                found.add(g.groupId());
            }
            missingGroups = groups.stream().filter(id -> !found.contains(id)).toList();
        }

        List<String> present = wanted.stream().filter(subnets::containsKey).toList();
        Map<String, Integer> enis = new HashMap<>();
        Set<String> served = new HashSet<>();
        if (!present.isEmpty()) {
            for (NetworkInterface eni : aws.ec2().describeNetworkInterfacesPaginator(r -> r
                    .filters(filter("interface-type", List.of("lambda")), filter("subnet-id", present))
                    .maxResults(pageSize)).networkInterfaces()) {
                enis.merge(eni.subnetId(), 1, Integer::sum);
                if (EniModel.serves(eni.groups().stream().map(GroupIdentifier::groupId).toList(), groups)) {
                    served.add(eni.subnetId());
                }
            }
        }

        List<SubnetFacts> facts = new ArrayList<>();
        for (String id : present) {
            Subnet s = subnets.get(id);
            facts.add(new SubnetFacts(id, s.availabilityZone(), s.cidrBlock(),
                    s.availableIpAddressCount() == null ? 0 : s.availableIpAddressCount(), enis.getOrDefault(id, 0),
                    served.contains(id)));
        }
        return SubnetReport.assess(target, facts, missing, missingGroups, settings);
    }

    private static Filter filter(String name, List<String> values) {
        return Filter.builder().name(name).values(values).build();
    }
}
