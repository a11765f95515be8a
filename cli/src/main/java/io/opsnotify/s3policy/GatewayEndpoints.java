package io.opsnotify.s3policy;

import io.opsnotify.cloud.CloudException;
import java.util.Collection;
import java.util.List;

/**
 * What validate-s3-endpoint reads about a gateway endpoint and who sits behind it, in its own
 * words; read-only. The SDK adapter is {@code io.opsnotify.aws.Ec2GatewayEndpoints}; tests use an
 * in-memory one. Every answer is complete (the adapter reads every page); the order of a list is
 * not specified.
 *
 * <p>Any failed call throws {@link CloudException} (the check is then UNKNOWN: could not read).
 */
public interface GatewayEndpoints {

    /**
     * The endpoint.
     *
     * @throws CloudException of kind {@link CloudException.Kind#NOT_FOUND} when there is no such
     *         endpoint, with AWS's line (the check reports it as it is: UNKNOWN)
     */
    Endpoint endpoint(String endpointId);

    /** The route tables of the VPC, each with its associations. */
    List<RouteTable> routeTables(String vpcId);

    /** The ids of the subnets of the VPC. */
    List<String> subnetIds(String vpcId);

    /** The network interfaces (ENIs) in these subnets, of any type. */
    List<Eni> enis(Collection<String> subnetIds);

    /**
     * A VPC endpoint.
     *
     * @param serviceName    e.g. {@code com.amazonaws.ap-northeast-1.s3}
     * @param policyDocument the policy as AWS stores it; null when the endpoint has none
     * @param routeTableIds  the route tables that carry the endpoint (a gateway endpoint's)
     */
    record Endpoint(String endpointId, String vpcId, String serviceName, String policyDocument,
            List<String> routeTableIds) {
        public Endpoint {
            routeTableIds = List.copyOf(routeTableIds);
        }
    }

    /**
     * A route table.
     *
     * @param main      whether it is the VPC's main route table (it serves every subnet
     *                  without an association of its own)
     * @param subnetIds the subnets explicitly associated with it
     */
    record RouteTable(String routeTableId, boolean main, List<String> subnetIds) {
        public RouteTable {
            subnetIds = List.copyOf(subnetIds);
        }
    }

    /**
     * A network interface (ENI).
     *
     * @param instanceId the EC2 instance it is attached to; null when it is not attached to one
     *                   (a Lambda, endpoint or load-balancer ENI, or a detached one)
     */
    record Eni(String eniId, String subnetId, String instanceId) {
    }
}
