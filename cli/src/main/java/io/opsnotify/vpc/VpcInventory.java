package io.opsnotify.vpc;

import io.opsnotify.cloud.CloudException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the subnet check reads about a VPC, in its own words; read-only. The SDK adapter is
 * {@code io.opsnotify.aws.Ec2VpcInventory}; tests use an in-memory one.
 *
 * <p>Ids that do not exist are left out of the answers rather than failing the call: the
 * check names each missing subnet or security group as CRITICAL, and on EC2 a lookup by id
 * would fail the whole call at the first missing one ({@code InvalidSubnetID.NotFound}), so the
 * adapter asks with a {@code subnet-id} / {@code group-id} filter instead. Every answer is
 * complete (the adapter reads every page); its order is not specified.
 *
 * <p>Any failed call throws {@link CloudException} (the check is then UNKNOWN).
 */
public interface VpcInventory {

    /** The subnets among {@code subnetIds} that exist; missing ones are not in the list. */
    List<Subnet> subnets(Collection<String> subnetIds);

    /** The ids among {@code groupIds} of security groups that exist. */
    Set<String> existingSecurityGroups(Collection<String> groupIds);

    /** The Lambda ENIs (interface type {@code lambda}) in these subnets, whatever their security groups. */
    List<LambdaEni> lambdaEnis(Collection<String> subnetIds);

    /**
     * The VPC configuration of a deployed function; empty when the function does not exist. A
     * function that is not in a VPC has empty lists (AWS answers with no VpcConfig, or with empty
     * lists for a function taken out of its VPC).
     */
    Optional<FunctionVpc> functionVpc(String functionName);

    /**
     * One subnet.
     *
     * @param freeIps {@code AvailableIpAddressCount} (AWS's 5 reserved addresses already excluded)
     */
    record Subnet(String subnetId, String availabilityZone, String cidr, int freeIps) {
    }

    /** A Lambda ENI and its security groups. */
    record LambdaEni(String eniId, String subnetId, List<String> securityGroupIds) {
        public LambdaEni {
            securityGroupIds = List.copyOf(securityGroupIds);
        }
    }

    /** A function's VpcConfig: its subnets and security groups, both empty when it is not in a VPC. */
    record FunctionVpc(List<String> subnetIds, List<String> securityGroupIds) {
        public static final FunctionVpc NONE = new FunctionVpc(List.of(), List.of());

        public FunctionVpc {
            subnetIds = List.copyOf(subnetIds);
            securityGroupIds = List.copyOf(securityGroupIds);
        }

        public boolean inVpc() {
            return !subnetIds.isEmpty();
        }
    }
}
