package io.opsnotify.routes;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Plans one route table: the guards kept in its tags (a newer file applied, a syncToken from
 * the future, a shrunken prefix count), then per family the desired routes (exact, or fitted
 * into the room left), refused when any would be unsafe or wider than the floor, and the
 * changes that get the table there. Pure: the facts are read by {@link RouteSync}.
 */
final class TablePlanner {
    private final RouteSync.Options o;
    private final IpRanges ranges;
    private final long latest;
    private final List<String> v4;
    private final List<String> v6;

    /** @param latest the latest syncToken acceptable now (now plus the clock skew) */
    TablePlanner(RouteSync.Options o, IpRanges ranges, long latest) {
        this.o = o;
        this.ranges = ranges;
        this.latest = latest;
        this.v4 = ranges.cidrsOrNone(o.service(), IpFamily.IPV4);
        this.v6 = ranges.cidrsOrNone(o.service(), IpFamily.IPV6);
    }

    /** The outcome of planning one family: the plan, or why there is none. */
    private record Planned(IpFamily family, TablePlan.FamilyPlan plan, String problem) {
        static Planned refused(IpFamily family, String problem) {
            return new Planned(family, null, problem);
        }
    }

    TablePlan plan(RouteTables.Table t, RouteTables.NatGateway nat, Optional<RouteTables.Vpc> vpc) {
        TablePlan tp = TablePlan.unplanned(t);
        if (!nat.vpcId().equals(t.vpcId())) {
            return tp.refused("NAT gateway " + o.natGatewayId() + " is in " + nat.vpcId() + ", route table "
                    + t.id() + " in " + t.vpcId() + ": a route cannot target it");
        }
        Long applied = tp.state().syncToken();
        boolean appliedInFuture = applied != null && applied > latest;
        if (appliedInFuture && !o.force()) {
            return tp.refused(t.id() + " remembers syncToken " + applied + " (" + Instant.ofEpochSecond(applied)
                    + "), which lies in the future: no file would ever be applied to it; nothing changed "
                    + "(--force applies this file and replaces that state)");
        }
        if (!appliedInFuture && applied != null && applied > ranges.syncToken()) {
            return tp.skipped(t.id() + " already has syncToken " + applied + ", newer than this file's "
                    + ranges.syncToken() + " (an out-of-order notification?): left as it is");
        }
        Integer before = tp.state().reference(ranges.syncToken());
        int now = v4.size() + v6.size();
        if (before != null && now * 3L < before * 2L && !o.force()) {
            return tp.refused(o.service() + " has " + now + " prefixes in this file, up to " + before + " in the files applied to "
                    + t.id() + " in the " + OwnershipTags.PEAK_WINDOW_SECONDS / 86_400 + " days before it: "
                    + "a drop of more than a third looks like a truncated or wrong file; nothing changed (--force to apply anyway)");
        }
        SafeDestinations safe = SafeDestinations.forVpc(t.vpcId(), vpc.map(RouteTables.Vpc::cidrs).orElse(List.of()));
        Map<IpFamily, TablePlan.FamilyPlan> families = new EnumMap<>(IpFamily.class);
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Planned> planned = new ArrayList<>();
        if (!v4.isEmpty()) {
            planned.add(planFamily(t, tp.state(), IpFamily.IPV4, v4, safe));
        }
        boolean hasV6 = t.routes().stream().anyMatch(r -> r.destination() != null && r.destination().contains(":"));
        if (hasV6 && !v6.isEmpty()) {
            planned.add(planFamily(t, tp.state(), IpFamily.IPV6, v6, safe));
        }
        for (Planned p : planned) {
            if (p.problem() != null) {
                problems.add(p.problem());
                continue;
            }
            families.put(p.family(), p.plan());
            p.plan().changes().conflicts().forEach(c -> warnings.add(t.id() + ": " + c.message()));
        }
        return new TablePlan(t.id(), t.vpcId(), t.tags(), tp.state(), families, problems, warnings, false);
    }

    private Planned planFamily(RouteTables.Table t, OwnershipTags.State state, IpFamily family, List<String> cidrs,
                               SafeDestinations safe) {
        List<CurrentRoute> current = t.routes();
        List<String> exact = RouteCover.exact(cidrs);
        Optional<String> unsafe = refusal(t, exact, safe::refusal, "the published ranges give the route ");
        if (unsafe.isPresent()) {
            return Planned.refused(family, unsafe.get());
        }
        RoutePlan probe = RoutePlan.plan(family, exact, cidrs, current, o.natGatewayId(), state.owned());
        long familyRoutes = current.stream().filter(c -> c.destination() != null
                && (family == IpFamily.IPV6) == c.destination().contains(":")).count();
        long foreign = familyRoutes - probe.keep() - probe.remove().size();
        long budget = o.maxRoutes() - foreign;
        String fam = family == IpFamily.IPV4 ? "IPv4" : "IPv6";
        if (budget < 1) {
            return Planned.refused(family, t.id() + " already has " + foreign + " other " + fam + " routes: no room under --max-routes "
                    + o.maxRoutes());
        }
        List<String> desired;
        BigInteger extra = BigInteger.ZERO;
        if (o.strategy() == RouteSync.Strategy.EXACT) {
            if (exact.size() > budget) {
                return Planned.refused(family, o.service() + " needs " + exact.size() + " " + fam + " routes (merged), but "
                        + t.id() + " has room for " + budget + " (--max-routes " + o.maxRoutes() + " minus " + foreign
                        + " other routes). Raise the quota 'Routes per route table' (L-93826ACB) and --max-routes, or use "
                        + "--strategy fit to cover the ranges with fewer, wider routes");
            }
            desired = exact;
        } else {
            int floor = o.limits().floor(family);
            Cover cover;
            try {
                cover = RouteCover.fit(cidrs, (int) Math.min(budget, Integer.MAX_VALUE),
                        b -> b.getNetworkPrefixLength() != null && b.getNetworkPrefixLength() >= floor && safe.allows(b));
            } catch (RouteCover.CoverTooSmallException e) {
                return Planned.refused(family, o.service() + " needs at least " + e.minimumRoutes() + " " + fam
                        + " routes with no route wider than /" + floor + " and none touching reserved, private or VPC space, but "
                        + t.id() + " has room for " + budget + " (--max-routes " + o.maxRoutes() + " minus " + foreign
                        + " other routes). Raise the quota 'Routes per route table' (L-93826ACB) and --max-routes, or lower the "
                        + "floor (--min-prefix-length)");
            }
            desired = cover.routes();
            extra = cover.extraAddresses();
            BigInteger ceiling = o.limits().ceiling(family);
            if (extra.compareTo(ceiling) > 0) {
                return Planned.refused(family, o.service() + " fits in " + desired.size() + " " + fam + " routes only by routing " + extra
                        + " extra addresses through the NAT gateway, more than the ceiling of " + ceiling + " ("
                        + (family == IpFamily.IPV4 ? "--max-extra-addresses" : "--max-extra-ipv6-addresses")
                        + "). Raise the quota 'Routes per route table' (L-93826ACB) and --max-routes, or the ceiling");
            }
        }
        Optional<String> refused = refusal(t, desired, safe::refusal, "planned route "); // the last word, whatever computed the routes
        int minLength = o.limits().floor(family);
        String floorOption = family == IpFamily.IPV4 ? "--min-prefix-length" : "--min-ipv6-prefix-length";
        refused = refused.or(() -> refusal(t, desired, r -> Cidrs.parseBlock(r).getNetworkPrefixLength() < minLength
                ? Optional.of(r + " is wider than /" + minLength + " (" + floorOption + ")") : Optional.empty(), "planned route "));
        if (refused.isPresent()) {
            return Planned.refused(family, refused.get());
        }
        RoutePlan changes = RoutePlan.plan(family, desired, cidrs, current, o.natGatewayId(), state.owned());
        return new Planned(family, new TablePlan.FamilyPlan(changes, desired, extra), null);
    }

    private static Optional<String> refusal(RouteTables.Table t, List<String> routes, Function<String, Optional<String>> why,
                                            String what) {
        List<String> reasons = routes.stream().map(why).flatMap(Optional::stream).toList();
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(t.id() + ": " + what + reasons.get(0)
                + (reasons.size() > 1 ? " (+" + (reasons.size() - 1) + " more such routes)" : "") + "; nothing changed");
    }
}
