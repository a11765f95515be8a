package io.opsnotify.vpc;

/**
 * One subnet as AWS describes it.
 *
 * @param freeIps {@code AvailableIpAddressCount} (AWS's 5 reserved addresses already excluded)
 * @param lambdaEnis ENIs of interface type {@code lambda} in the subnet, whatever their security groups
 * @param served whether one of them has exactly the function's security-group set
 */
public record SubnetFacts(String subnetId, String availabilityZone, String cidr, int freeIps, int lambdaEnis,
        boolean served) {
}
