package io.opsnotify.s3policy;

import io.opsnotify.cloud.CloudException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a gateway endpoint and who is behind it, read-only, through {@link GatewayEndpoints}:
 * the endpoint (policy, route tables), the route tables of its VPC (explicit associations tell
 * which subnets the main table does not serve), the subnets of the VPC only when a main table
 * carries the endpoint, and the network interfaces in the subnets behind it. A failed AWS call
 * makes the check UNKNOWN (could not read), with the call's one line.
 */
public final class S3EndpointCheck {
    private final GatewayEndpoints endpoints;

    public S3EndpointCheck(GatewayEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /**
     * The report for the endpoint's own policy, against the accesses of {@code requirements} in
     * the endpoint's Region ({@code fallbackRegion} when its service name has no Region).
     */
    public S3EndpointReport check(String endpointId, String fallbackRegion, Requirements requirements) {
        EndpointFacts facts;
        try {
            facts = read(endpointId);
        } catch (CloudException e) {
            return S3EndpointReport.unknown(e.getMessage(), "endpoint " + endpointId);
        }
        String region = facts.region() != null ? facts.region() : fallbackRegion;
        String source = "endpoint " + facts.endpointId() + " (" + facts.serviceName() + ", " + facts.vpcId() + ")";
        if (facts.policyDocument() == null) {
            return S3EndpointReport.unknown("endpoint " + facts.endpointId() + " has no policy document", source);
        }
        return S3EndpointReport.assess(source, facts.policyDocument(), facts, requirements.accesses(region),
                requirements.knowledge());
    }

    /** The endpoint and the subnets behind it, each with its route table, ENIs and instances. */
    public EndpointFacts read(String endpointId) {
        GatewayEndpoints.Endpoint e = endpoints.endpoint(endpointId);
        List<String> endpointTables = e.routeTableIds();
        Map<String, String> subnetTable = new LinkedHashMap<>();
        Set<String> explicitlyAssociated = new HashSet<>();
        String mainTable = null;
        for (GatewayEndpoints.RouteTable t : endpoints.routeTables(e.vpcId())) {
            for (String subnet : t.subnetIds()) {
                explicitlyAssociated.add(subnet);
                if (endpointTables.contains(t.routeTableId())) {
                    subnetTable.put(subnet, t.routeTableId());
                }
            }
            if (t.main() && endpointTables.contains(t.routeTableId())) {
                mainTable = t.routeTableId();
            }
        }
        if (mainTable != null) {
            for (String subnet : endpoints.subnetIds(e.vpcId())) {
                if (!explicitlyAssociated.contains(subnet)) {
                    subnetTable.put(subnet, mainTable);
                }
            }
        }
        Map<String, Integer> enis = new HashMap<>();
        Map<String, Set<String>> instances = new HashMap<>();
        if (!subnetTable.isEmpty()) {
            for (GatewayEndpoints.Eni n : endpoints.enis(List.copyOf(subnetTable.keySet()))) {
                enis.merge(n.subnetId(), 1, Integer::sum);
                if (n.instanceId() != null) {
                    instances.computeIfAbsent(n.subnetId(), k -> new HashSet<>()).add(n.instanceId());
                }
            }
        }
        List<EndpointFacts.SubnetEnis> subnets = new ArrayList<>();
        subnetTable.forEach((subnet, table) -> subnets.add(new EndpointFacts.SubnetEnis(subnet, table,
                enis.getOrDefault(subnet, 0), instances.getOrDefault(subnet, Set.of()).size())));
        return new EndpointFacts(e.endpointId(), e.vpcId(), e.serviceName(), e.policyDocument(), endpointTables,
                subnets);
    }
}
