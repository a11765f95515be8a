package io.opsnotify.s3policy;

import io.opsnotify.cloud.CloudException;
import io.opsnotify.notifier.base.SafeText;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link GatewayEndpoints} in memory, answering as EC2 does (in the order seeded; a missing
 * endpoint is NOT_FOUND with EC2's line); {@link GatewayEndpointsContract} holds it to the same
 * contract as the SDK adapter. It records every call by name, and a call can be made to fail
 * with a {@link CloudException} as the adapter would throw it.
 */
public final class InMemoryGatewayEndpoints implements GatewayEndpoints {
    private record Table(String id, String vpcId, boolean main, List<String> subnetIds) {
    }

    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final List<Table> tables = new ArrayList<>();
    private final Map<String, String> subnetVpc = new LinkedHashMap<>();
    private final List<Eni> enis = new ArrayList<>();
    private final Map<String, CloudException> failures = new HashMap<>();
    private final List<String> calls = new ArrayList<>();

    public InMemoryGatewayEndpoints subnet(String id, String vpcId) {
        subnetVpc.put(id, vpcId);
        return this;
    }

    public InMemoryGatewayEndpoints routeTable(String id, String vpcId, boolean main, String... subnetIds) {
        tables.add(new Table(id, vpcId, main, List.of(subnetIds)));
        return this;
    }

    /** An endpoint; {@code policy} null for one without a policy document. */
    public InMemoryGatewayEndpoints endpoint(String id, String vpcId, String serviceName, String policy,
            String... routeTableIds) {
        endpoints.put(id, new Endpoint(id, vpcId, serviceName, policy, List.of(routeTableIds)));
        return this;
    }

    /** An ENI in a subnet seeded first; {@code instanceId} null when not attached to an instance. */
    public InMemoryGatewayEndpoints eni(String id, String subnetId, String instanceId) {
        if (!subnetVpc.containsKey(subnetId)) {
            throw new IllegalArgumentException("seed subnet " + subnetId + " first");
        }
        enis.add(new Eni(id, subnetId, instanceId));
        return this;
    }

    /** Every later call of {@code method} ("endpoint", "routeTables", "subnetIds", "enis") throws {@code e}. */
    public InMemoryGatewayEndpoints failOn(String method, CloudException e) {
        failures.put(method, e);
        return this;
    }

    /** An AWS error as the adapter reports it: {@code AWS error CODE (Ec2): message}. */
    public static CloudException awsError(CloudException.Kind kind, String code, String message) {
        return new CloudException(kind, code, "AWS error " + code + " (Ec2): " + message, null);
    }

    /** The calls made, by method name, in order. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    private void call(String method) {
        calls.add(method);
        CloudException e = failures.get(method);
        if (e != null) {
            throw e;
        }
    }

    @Override
    public Endpoint endpoint(String endpointId) {
        call("endpoint");
        Endpoint e = endpoints.get(endpointId);
        if (e == null) {
            throw awsError(CloudException.Kind.NOT_FOUND, "InvalidVpcEndpointId.NotFound",
                    "The Vpc Endpoint Id '" + SafeText.line(endpointId) + "' does not exist");
        }
        return e;
    }

    @Override
    public List<RouteTable> routeTables(String vpcId) {
        call("routeTables");
        return tables.stream().filter(t -> t.vpcId().equals(vpcId))
                .map(t -> new RouteTable(t.id(), t.main(), t.subnetIds())).toList();
    }

    @Override
    public List<String> subnetIds(String vpcId) {
        call("subnetIds");
        return subnetVpc.entrySet().stream().filter(e -> e.getValue().equals(vpcId)).map(Map.Entry::getKey).toList();
    }

    @Override
    public List<Eni> enis(Collection<String> subnetIds) {
        call("enis");
        return enis.stream().filter(e -> subnetIds.contains(e.subnetId())).toList();
    }
}
