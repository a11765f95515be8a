package io.opsnotify.vpc;

import io.opsnotify.cloud.CloudException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link VpcInventory} in memory, answering as EC2 and Lambda do (missing ids left out, Lambda
 * ENIs only, a missing function empty); {@link VpcInventoryContract} holds it to the same
 * contract as the SDK adapter. It records every call by name, and a call can be made to fail
 * with a {@link CloudException} as the adapter would throw it.
 */
public final class InMemoryVpcInventory implements VpcInventory {
    private record Interface(String id, String subnetId, String type, List<String> groups) {
    }

    private final Map<String, Subnet> subnets = new LinkedHashMap<>();
    private final Set<String> groups = new LinkedHashSet<>();
    private final List<Interface> enis = new ArrayList<>();
    private final Map<String, FunctionVpc> functions = new LinkedHashMap<>();
    private final Map<String, CloudException> failures = new HashMap<>();
    private final List<String> calls = new ArrayList<>();

    public InMemoryVpcInventory subnet(String id, String az, String cidr, int freeIps) {
        subnets.put(id, new Subnet(id, az, cidr, freeIps));
        return this;
    }

    public InMemoryVpcInventory securityGroup(String id) {
        groups.add(id);
        return this;
    }

    /** An ENI of {@code interfaceType} ({@code lambda}, {@code interface}, ...) in a subnet seeded first. */
    public InMemoryVpcInventory eni(String id, String subnetId, String interfaceType, List<String> groupIds) {
        if (!subnets.containsKey(subnetId)) {
            throw new IllegalArgumentException("seed subnet " + subnetId + " first");
        }
        enis.add(new Interface(id, subnetId, interfaceType, List.copyOf(groupIds)));
        return this;
    }

    /** A deployed function; empty lists for one that is not in a VPC. */
    public InMemoryVpcInventory function(String name, List<String> subnetIds, List<String> groupIds) {
        functions.put(name, new FunctionVpc(subnetIds, groupIds));
        return this;
    }

    /** Every later call of {@code method} ("subnets", "existingSecurityGroups", "lambdaEnis", "functionVpc") throws {@code e}. */
    public InMemoryVpcInventory failOn(String method, CloudException e) {
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
    public List<Subnet> subnets(Collection<String> subnetIds) {
        call("subnets");
        return subnets.values().stream().filter(s -> subnetIds.contains(s.subnetId())).toList();
    }

    @Override
    public Set<String> existingSecurityGroups(Collection<String> groupIds) {
        call("existingSecurityGroups");
        return Set.copyOf(groups.stream().filter(groupIds::contains).toList());
    }

    @Override
    public List<LambdaEni> lambdaEnis(Collection<String> subnetIds) {
        call("lambdaEnis");
        return enis.stream().filter(e -> e.type().equals("lambda") && subnetIds.contains(e.subnetId()))
                .map(e -> new LambdaEni(e.id(), e.subnetId(), e.groups())).toList();
    }

    @Override
    public Optional<FunctionVpc> functionVpc(String functionName) {
        call("functionVpc");
        return Optional.ofNullable(functions.get(functionName));
    }
}
