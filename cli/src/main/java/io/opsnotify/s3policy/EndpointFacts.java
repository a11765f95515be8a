package io.opsnotify.s3policy;

import java.util.List;

/**
 * A gateway endpoint as read from EC2, and who sits behind it: the subnets its route tables
 * serve (a main route table serves every subnet without its own association) and the network
 * interfaces in them.
 */
public record EndpointFacts(String endpointId, String vpcId, String serviceName, String policyDocument,
        List<String> routeTableIds, List<SubnetEnis> subnets) {

    public record SubnetEnis(String subnetId, String routeTableId, int enis, int instances) {
    }

    public int enis() {
        return subnets.stream().mapToInt(SubnetEnis::enis).sum();
    }

    public int instances() {
        return subnets.stream().mapToInt(SubnetEnis::instances).sum();
    }

    /** {@code com.amazonaws.ap-northeast-1.s3} → {@code ap-northeast-1}; null if the name has another shape. */
    public String region() {
        String[] p = serviceName == null ? new String[0] : serviceName.split("\\.");
        return p.length == 4 && p[3].equals("s3") ? p[2] : null;
    }
}
