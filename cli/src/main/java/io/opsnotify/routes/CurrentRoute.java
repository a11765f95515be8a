package io.opsnotify.routes;

/**
 * A route as a route table reports it (EC2 DescribeRouteTables).
 *
 * @param destination  the IPv4 or IPv6 destination CIDR; a prefix-list id or null for routes
 *                     that have none, which are never touched
 * @param natGatewayId the target when it is a NAT gateway, else null
 * @param gatewayId    the target when it is a gateway ({@code local}, {@code igw-...}, {@code vgw-...}), else null;
 *                     any other target (peering, instance, endpoint...) leaves both null
 * @param origin       {@code CreateRouteTable}, {@code CreateRoute} or {@code EnableVgwRoutePropagation}
 * @param state        {@code active} or {@code blackhole}
 */
public record CurrentRoute(String destination, String natGatewayId, String gatewayId, String origin, String state) {
}
