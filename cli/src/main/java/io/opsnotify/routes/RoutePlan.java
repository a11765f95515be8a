package io.opsnotify.routes;

import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to change in one route table, for one address family, so that its routes to the NAT gateway
 * for a service become the desired cover. Pure: the caller reads the table and applies the plan.
 *
 * <p>A route is removed only if it targets this NAT gateway, was created by a CreateRoute call, is
 * not desired, and is opsnotify's: it is in the set opsnotify remembers having created, or it lies
 * inside one of the service's current prefixes (a former exact route, now covered by a coarser
 * one). Everything else is left alone: the default routes {@code 0.0.0.0/0} and {@code ::/0}, the
 * {@code local} route, propagated routes, routes to any other target (another NAT gateway, an
 * internet gateway, a peering...), prefix-list routes, and routes to this NAT gateway that were
 * never opsnotify's. A supernet of service prefixes that opsnotify does not remember (a coarse
 * route of an earlier run whose state was lost) is therefore kept: removing a route someone else
 * made is worse than keeping one route too many.
 *
 * @param add       desired CIDRs to create, targeting the NAT gateway, sorted by address
 * @param remove    destinations to delete, sorted by address
 * @param keep      desired CIDRs already routed to this NAT gateway
 * @param conflicts desired CIDRs already in the table with another target: they cannot be added
 */
public record RoutePlan(List<String> add, List<String> remove, int keep, List<Conflict> conflicts) {
    public RoutePlan {
        add = List.copyOf(add);
        remove = List.copyOf(remove);
        conflicts = List.copyOf(conflicts);
    }

    /** A desired destination that the table already routes elsewhere. */
    public record Conflict(String destination, String existingTarget) {
        public String message() {
            return "cannot route " + destination + " to the NAT gateway: the route table already sends it to "
                    + existingTarget;
        }
    }

    /** True when applying the plan changes nothing. */
    public boolean isEmpty() {
        return add.isEmpty() && remove.isEmpty();
    }

    /**
     * Computes the plan.
     *
     * @param family           the family planned; routes of the other family are ignored
     * @param desired          the cover to have ({@link RouteCover#exact} or {@link Cover#routes()})
     * @param serviceRanges    the service's current prefixes of this family, as published
     * @param current          the route table's routes
     * @param natGatewayId     the NAT gateway the service is routed through
     * @param previouslyOwned  destinations opsnotify created before (remembered state); may be empty
     */
    public static RoutePlan plan(IpFamily family, Collection<String> desired, Collection<String> serviceRanges,
                                 Collection<CurrentRoute> current, String natGatewayId,
                                 Collection<String> previouslyOwned) {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(natGatewayId, "natGatewayId");
        TreeSet<IPAddress> unique = new TreeSet<>(RouteCover.BY_ADDRESS);
        unique.addAll(blocksOf(family, desired, "desired"));
        List<IPAddress> desiredBlocks = new ArrayList<>(unique);
        List<IPAddress> ranges = blocksOf(family, serviceRanges, "service range");
        Set<String> desiredSet = canonicalSet(desiredBlocks);
        Set<String> owned = new HashSet<>();
        for (String cidr : previouslyOwned) {
            Cidrs.blockOrEmpty(cidr).filter(b -> IpFamily.of(b) == family).ifPresent(b -> owned.add(Cidrs.canonical(b)));
        }

        Map<String, CurrentRoute> byDestination = new HashMap<>();
        List<IPAddress> removeBlocks = new ArrayList<>();
        for (CurrentRoute route : current) {
            Optional<IPAddress> parsed = Cidrs.blockOrEmpty(route.destination())
                    .filter(b -> IpFamily.of(b) == family);
            if (parsed.isEmpty()) {
                continue; // prefix list, other family, or no destination: not ours to judge
            }
            IPAddress destination = parsed.get();
            String key = Cidrs.canonical(destination);
            byDestination.put(key, route);
            if (isRemovable(route, destination, key, natGatewayId, desiredSet, owned, ranges)) {
                removeBlocks.add(destination);
            }
        }

        List<String> add = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        int keep = 0;
        for (IPAddress block : desiredBlocks) {
            String key = Cidrs.canonical(block);
            CurrentRoute existing = byDestination.get(key);
            if (existing == null) {
                add.add(key);
            } else if (natGatewayId.equals(existing.natGatewayId())) {
                keep++;
            } else {
                conflicts.add(new Conflict(key, targetOf(existing)));
            }
        }
        removeBlocks.sort(RouteCover.BY_ADDRESS);
        return new RoutePlan(add, removeBlocks.stream().map(Cidrs::canonical).toList(), keep, conflicts);
    }

    private static boolean isRemovable(CurrentRoute route, IPAddress destination, String key, String natGatewayId,
                                       Set<String> desired, Set<String> owned, List<IPAddress> ranges) {
        if (!natGatewayId.equals(route.natGatewayId())) {
            return false; // another NAT gateway, an internet gateway, local, a peering...
        }
        if (!"CreateRoute".equals(route.origin()) || "local".equals(route.gatewayId())) {
            return false; // the table's own local route, propagated routes
        }
        if (destination.getNetworkPrefixLength() == 0) {
            return false; // 0.0.0.0/0 or ::/0: the NAT gateway's own default route
        }
        if (desired.contains(key)) {
            return false;
        }
        if (owned.contains(key)) {
            return true;
        }
        for (IPAddress range : ranges) {
            if (range.contains(destination)) {
                return true;
            }
        }
        return false;
    }

    private static String targetOf(CurrentRoute route) {
        if (route.natGatewayId() != null) {
            return route.natGatewayId();
        }
        if (route.gatewayId() != null) {
            return route.gatewayId();
        }
        return "another target";
    }

    private static List<IPAddress> blocksOf(IpFamily family, Collection<String> cidrs, String what) {
        List<IPAddress> blocks = new ArrayList<>(cidrs.size());
        for (String cidr : cidrs) {
            IPAddress block = Cidrs.parseBlock(cidr);
            if (IpFamily.of(block) != family) {
                throw new IllegalArgumentException(what + " \"" + cidr + "\" is not " + family);
            }
            blocks.add(block);
        }
        return blocks;
    }

    private static Set<String> canonicalSet(List<IPAddress> blocks) {
        Set<String> set = new HashSet<>();
        blocks.forEach(b -> set.add(Cidrs.canonical(b)));
        return set;
    }
}
