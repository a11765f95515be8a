package io.opsnotify.vpc;

import io.opsnotify.cloud.CloudException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the function's subnets have room for the ENIs Lambda needs (see {@link EniModel}).
 * Read-only, through {@link VpcInventory}: the subnets, which of the function's security groups
 * exist, the Lambda ENIs in the subnets, and for a deployed function its VpcConfig.
 *
 * <p>Subnets and groups are looked up so that the ones that exist come back and a missing one
 * does not fail the lookup (on EC2: a {@code subnet-id} / {@code group-id} filter rather than
 * ids, which fail the whole call with {@code InvalidSubnetID.NotFound}), so a missing one can be
 * named as CRITICAL. A failed AWS call makes the report UNKNOWN with the call's one line.
 */
public final class SubnetCheck {
    private final VpcInventory inventory;

    public SubnetCheck(VpcInventory inventory) {
        this.inventory = inventory;
    }

    /** The check of a deployed function's VpcConfig (see {@link #functionTarget}). */
    public SubnetReport checkFunction(String functionName, CheckSettings settings) {
        try {
            return assess(functionTarget(functionName), settings);
        } catch (CloudException e) {
            return SubnetReport.unknown(e.getMessage(), null, settings);
        }
    }

    /** The check of given subnets and security groups; UNKNOWN when an AWS call fails. */
    public SubnetReport check(VpcTarget target, CheckSettings settings) {
        try {
            return assess(target, settings);
        } catch (CloudException e) {
            return SubnetReport.unknown(e.getMessage(), null, settings);
        }
    }

    /**
     * The deployed function's VpcConfig. A function that does not exist, or is not in a VPC, gives
     * a target with a problem (CRITICAL): the notifier must be in the VPC to reach the replica.
     */
    VpcTarget functionTarget(String functionName) {
        return inventory.functionVpc(functionName).map(vpc -> fromVpcConfig(functionName, vpc))
                .orElseGet(() -> VpcTarget.unusable("function " + functionName,
                        "function " + functionName + " does not exist"));
    }

    static VpcTarget fromVpcConfig(String functionName, VpcInventory.FunctionVpc vpc) {
        String source = "function " + functionName;
        if (!vpc.inVpc()) {
            return VpcTarget.unusable(source, "function " + functionName
                    + " is not in a VPC (no VpcConfig subnets): it cannot reach the replica");
        }
        return VpcTarget.of(source + " VpcConfig", vpc.subnetIds(), vpc.securityGroupIds());
    }

    private SubnetReport assess(VpcTarget target, CheckSettings settings) {
        if (target.problem() != null) {
            return SubnetReport.assess(target, List.of(), List.of(), List.of(), settings);
        }
        List<String> wanted = List.copyOf(new LinkedHashSet<>(target.subnetIds()));
        Map<String, VpcInventory.Subnet> subnets = new HashMap<>();
        for (VpcInventory.Subnet s : inventory.subnets(wanted)) {
            subnets.put(s.subnetId(), s);
        }
        List<String> missing = wanted.stream().filter(id -> !subnets.containsKey(id)).toList();

        List<String> missingGroups = List.of();
        List<String> groups = List.copyOf(new LinkedHashSet<>(target.securityGroupIds()));
        if (!groups.isEmpty()) {
            Set<String> found = inventory.existingSecurityGroups(groups);
            missingGroups = groups.stream().filter(id -> !found.contains(id)).toList();
        }

        List<String> present = wanted.stream().filter(subnets::containsKey).toList();
        Map<String, Integer> enis = new HashMap<>();
        Set<String> served = new HashSet<>();
        if (!present.isEmpty()) {
            for (VpcInventory.LambdaEni eni : inventory.lambdaEnis(present)) {
                enis.merge(eni.subnetId(), 1, Integer::sum);
                if (EniModel.serves(eni.securityGroupIds(), groups)) {
                    served.add(eni.subnetId());
                }
            }
        }

        List<SubnetFacts> facts = new ArrayList<>();
        for (String id : present) {
            VpcInventory.Subnet s = subnets.get(id);
            facts.add(new SubnetFacts(id, s.availabilityZone(), s.cidr(), s.freeIps(), enis.getOrDefault(id, 0),
                    served.contains(id)));
        }
        return SubnetReport.assess(target, facts, missing, missingGroups, settings);
    }
}
