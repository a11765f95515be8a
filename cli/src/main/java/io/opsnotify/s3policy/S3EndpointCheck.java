package io.opsnotify.s3policy;

import io.opsnotify.aws.AwsClients;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * Reads a gateway endpoint and who is behind it, read-only: DescribeVpcEndpoints (policy, route
 * tables), DescribeRouteTables of the VPC (associations; explicit ones tell which subnets the
 * main table does not serve), DescribeSubnets of the VPC only when a main table carries the
 * endpoint, DescribeNetworkInterfaces filtered by those subnets. All paginated. AWS errors go
 * to the caller (the check is then UNKNOWN: could not read).
 */
public final class S3EndpointCheck {
    static final int PAGE_SIZE = 100;

    private final AwsClients aws;

    public S3EndpointCheck(AwsClients aws) {
        this.aws = aws;
    }

    public EndpointFacts read(String endpointId) {
        VpcEndpoint e = aws.ec2().describeVpcEndpoints(r -> r.vpcEndpointIds(endpointId)).vpcEndpoints().get(0);
        List<String> endpointTables = e.routeTableIds();
        Map<String, String> subnetTable = new LinkedHashMap<>();
        Set<String> explicitlyAssociated = new HashSet<>();
        boolean viaMain = false;
        String mainTable = null;
        for (RouteTable t : aws.ec2().describeRouteTablesPaginator(r -> r.filters(filter("vpc-id", List.of(e.vpcId())))
                .maxResults(PAGE_SIZE)).routeTables()) {
            for (RouteTableAssociation a : t.associations()) {
                if (a.subnetId() != null) {
                    explicitlyAssociated.add(a.subnetId());
                    if (endpointTables.contains(t.routeTableId())) {
                        subnetTable.put(a.subnetId(), t.routeTableId());
                    }
                }
                if (Boolean.TRUE.equals(a.main()) && endpointTables.contains(t.routeTableId())) {
                    viaMain = true;
                    mainTable = t.routeTableId();
                }
            }
        }
        if (viaMain) {
            String main = mainTable;
            for (Subnet s : aws.ec2().describeSubnetsPaginator(r -> r.filters(filter("vpc-id", List.of(e.vpcId())))
                    .maxResults(PAGE_SIZE)).subnets()) {
                if (!explicitlyAssociated.contains(s.subnetId())) {
                    subnetTable.put(s.subnetId(), main);
                }
            }
        }
        Map<String, Integer> enis = new HashMap<>();
        Map<String, Set<String>> instances = new HashMap<>();
        if (!subnetTable.isEmpty()) {
            List<String> ids = List.copyOf(subnetTable.keySet());
            for (NetworkInterface n : aws.ec2().describeNetworkInterfacesPaginator(r -> r
                    .filters(filter("subnet-id", ids)).maxResults(PAGE_SIZE)).networkInterfaces()) {
                enis.merge(n.subnetId(), 1, Integer::sum);
                if (n.attachment() != null && n.attachment().instanceId() != null) {
                    instances.computeIfAbsent(n.subnetId(), k -> new HashSet<>()).add(n.attachment().instanceId());
                }
            }
        }
        List<EndpointFacts.SubnetEnis> subnets = new ArrayList<>();
        subnetTable.forEach((subnet, table) -> subnets.add(new EndpointFacts.SubnetEnis(subnet, table,
                enis.getOrDefault(subnet, 0), instances.getOrDefault(subnet, Set.of()).size())));
        return new EndpointFacts(e.vpcEndpointId(), e.vpcId(), e.serviceName(), e.policyDocument(), endpointTables,
                subnets);
    }

    private static Filter filter(String name, List<String> values) {
        return Filter.builder().name(name).values(values).build();
    }
}
