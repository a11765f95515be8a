package io.opsnotify.routes;

import io.opsnotify.cloud.CloudException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What sync-cf-routes needs from the cloud: route tables with their routes and tags, the NAT
 * gateway the routes target, the VPCs' address blocks, and the few changes it makes (one route
 * added or removed, the state tags written). The SDK adapter is {@code aws.Ec2RouteTables};
 * tests use an in-memory one.
 *
 * <p>Every method throws {@link CloudException} when the call fails; {@link RouteSync} decides
 * what a failure means (an id that does not exist is the caller's mistake, CRITICAL; anything
 * else UNKNOWN). A route that is already there, or already gone, is not a failure: the change
 * methods say so in their result.
 */
public interface RouteTables {
    /**
     * One route table as read.
     *
     * @param routes every route, in the order the cloud lists them
     * @param tags   the table's tags
     */
    record Table(String id, String vpcId, List<CurrentRoute> routes, Map<String, String> tags) {
        public Table {
            Objects.requireNonNull(id, "id");
            routes = List.copyOf(routes);
            tags = Map.copyOf(tags);
        }
    }

    /** A NAT gateway: the VPC it is in and its state ({@code available}, {@code pending}, {@code deleted}...). */
    record NatGateway(String id, String vpcId, String state) {
    }

    /** A VPC's address blocks: the primary and every associated IPv4 and IPv6 CIDR. */
    record Vpc(String id, List<String> cidrs) {
        public Vpc {
            cidrs = List.copyOf(cidrs);
        }
    }

    /**
     * The route tables with these ids, in the order given (one read, however many pages).
     *
     * @throws CloudException {@code NOT_FOUND} when any of them does not exist, {@code INVALID_REQUEST} for a malformed id
     */
    List<Table> tables(List<String> ids);

    /**
     * The NAT gateway, or empty when the cloud lists none by that id.
     *
     * @throws CloudException {@code NOT_FOUND} when the cloud answers that it does not exist
     */
    Optional<NatGateway> natGateway(String id);

    /** The VPCs with these ids, keyed by id (one read). */
    Map<String, Vpc> vpcs(Collection<String> ids);

    /**
     * Routes {@code destination} (IPv4 or IPv6 CIDR) to the NAT gateway.
     *
     * @return false when the table already had a route for that destination (nothing changed)
     */
    boolean createRoute(String routeTableId, String destination, String natGatewayId);

    /**
     * Deletes the route for {@code destination}.
     *
     * @return false when the table had no such route (nothing changed)
     */
    boolean deleteRoute(String routeTableId, String destination);

    /** Adds or overwrites these tags on the table (one call). */
    void tag(String routeTableId, Map<String, String> tags);

    /** Removes the tags with these keys from the table (one call). */
    void untag(String routeTableId, Collection<String> keys);
}
