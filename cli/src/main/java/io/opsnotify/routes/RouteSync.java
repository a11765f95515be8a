package io.opsnotify.routes;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.opsnotify.aws.AwsClients;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * sync-cf-routes: keeps the route tables' routes to a service's address ranges (CloudFront by
 * default) through a NAT gateway equal to what AWS publishes, touching only opsnotify's routes.
 * Plans with read-only calls, then applies adds before removes (reachability never dips), one
 * call per changed route, and remembers what it did on the route table (see {@link OwnershipTags}).
 */
public final class RouteSync {
    public enum Strategy { EXACT, FIT }

    public record Options(List<String> routeTableIds, String natGatewayId, String service, Strategy strategy,
                          int maxRoutes, boolean force) {
    }

    /** One route table's plan (per family) and what happened to it. */
    public static final class TablePlan {
        public final String routeTableId;
        public final String vpcId;
        public final Map<String, String> tags;
        public final OwnershipTags.State state;
        public final Map<IpFamily, RoutePlan> plans = new LinkedHashMap<>();
        public final Map<IpFamily, List<String>> desired = new LinkedHashMap<>();
        public final Map<IpFamily, BigInteger> extra = new LinkedHashMap<>();
        public final List<String> problems = new ArrayList<>();
        public final List<String> warnings = new ArrayList<>();
        public boolean skipped;
        public final List<String> added = new ArrayList<>();
        public final List<String> removed = new ArrayList<>();
        public final List<String> failed = new ArrayList<>();

        TablePlan(String routeTableId, String vpcId, Map<String, String> tags) {
            this.routeTableId = routeTableId;
            this.vpcId = vpcId;
            this.tags = tags;
            this.state = OwnershipTags.read(tags);
        }

        public boolean hasChanges() {
            return plans.values().stream().anyMatch(p -> !p.isEmpty());
        }
    }

    /** The whole plan. {@code problems} non-empty means: refuse, change nothing. */
    public record Plan(IpRanges ranges, Options options, List<TablePlan> tables, List<String> problems) {
        public boolean hasChanges() {
            return tables.stream().anyMatch(t -> !t.skipped && t.hasChanges());
        }
    }

    private final AwsClients aws;

    public RouteSync(AwsClients aws) {
        this.aws = aws;
    }

    public Plan plan(IpRanges ranges, Long notifiedSyncToken, Options o) {
        List<String> problems = new ArrayList<>();
        if (notifiedSyncToken != null && notifiedSyncToken != ranges.syncToken()) {
            problems.add("the notification's synctoken " + notifiedSyncToken + " differs from the file's " + ranges.syncToken());
        }
        List<String> v4 = ranges.cidrs(o.service(), IpFamily.IPV4);
        List<String> v6 = ranges.cidrs(o.service(), IpFamily.IPV6);
        Ec2Client ec2 = aws.ec2();
        NatGateway nat = ec2.describeNatGateways(r -> r.natGatewayIds(o.natGatewayId())).natGateways().get(0);
        List<RouteTable> tables = ec2.describeRouteTables(r -> r.routeTableIds(o.routeTableIds())).routeTables();
        List<TablePlan> out = new ArrayList<>();
        for (RouteTable t : tables) {
            Map<String, String> tags = new HashMap<>();
            t.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
            TablePlan tp = new TablePlan(t.routeTableId(), t.vpcId(), tags);
            out.add(tp);
            if (!nat.vpcId().equals(t.vpcId())) {
                tp.problems.add("NAT gateway " + o.natGatewayId() + " is in " + nat.vpcId() + ", route table "
                        + t.routeTableId() + " in " + t.vpcId() + ": a route cannot target it");
                continue;
            }
            Long applied = tp.state.syncToken();
            if (applied != null && applied > ranges.syncToken()) {
                tp.skipped = true;
                tp.warnings.add(t.routeTableId() + " already has syncToken " + applied + ", newer than this file's "
                        + ranges.syncToken() + " (an out-of-order notification?): left as it is");
                continue;
            }
            Integer before = tp.state.prefixCount();
            int now = v4.size() + v6.size();
            if (before != null && now * 3 < before * 2 && !o.force()) {
                tp.problems.add(o.service() + " has " + now + " prefixes in this file, " + before + " when " + t.routeTableId()
                        + " was last synced: a drop of more than a third looks like a truncated or wrong file; "
                        + "nothing changed (--force to apply anyway)");
                continue;
            }
            List<CurrentRoute> current = t.routes().stream().map(RouteSync::current).toList();
            planFamily(tp, IpFamily.IPV4, v4, current, o);
            boolean hasV6 = t.routes().stream().anyMatch(r -> r.destinationIpv6CidrBlock() != null);
            if (hasV6 && !v6.isEmpty()) {
                planFamily(tp, IpFamily.IPV6, v6, current, o);
            }
        }
        return new Plan(ranges, o, out, problems);
    }

    private static CurrentRoute current(Route r) {
        String dest = r.destinationCidrBlock() != null ? r.destinationCidrBlock() : r.destinationIpv6CidrBlock();
        if (dest == null) {
            dest = r.destinationPrefixListId(); // a prefix-list route: never ours, kept as it is
        }
        return new CurrentRoute(dest, r.natGatewayId(), r.gatewayId() != null ? r.gatewayId()
                : r.transitGatewayId() != null ? r.transitGatewayId() : r.vpcPeeringConnectionId() != null
                ? r.vpcPeeringConnectionId() : r.networkInterfaceId(), r.originAsString(), r.stateAsString());
    }

    private static void planFamily(TablePlan tp, IpFamily family, List<String> ranges, List<CurrentRoute> current, Options o) {
        List<String> exact = RouteCover.exact(ranges);
        RoutePlan probe = RoutePlan.plan(family, exact, ranges, current, o.natGatewayId(), tp.state.owned());
        long familyRoutes = current.stream().filter(c -> c.destination() != null
                && (family == IpFamily.IPV6) == c.destination().contains(":")).count();
        long foreign = familyRoutes - probe.keep() - probe.remove().size();
        long budget = o.maxRoutes() - foreign;
        String fam = family == IpFamily.IPV4 ? "IPv4" : "IPv6";
        if (budget < 1) {
            tp.problems.add(tp.routeTableId + " already has " + foreign + " other " + fam + " routes: no room under --max-routes "
                    + o.maxRoutes());
            return;
        }
        List<String> desired;
        BigInteger extra = BigInteger.ZERO;
        if (o.strategy() == Strategy.EXACT) {
            if (exact.size() > budget) {
                tp.problems.add(o.service() + " needs " + exact.size() + " " + fam + " routes (merged), but "
                        + tp.routeTableId + " has room for " + budget + " (--max-routes " + o.maxRoutes() + " minus " + foreign
                        + " other routes). Raise the quota 'Routes per route table' (L-93826ACB) and --max-routes, or use "
                        + "--strategy fit to cover the ranges with fewer, wider routes");
                return;
            }
            desired = exact;
        } else {
            Cover cover = RouteCover.fit(ranges, (int) Math.min(budget, Integer.MAX_VALUE));
            desired = cover.routes();
            extra = cover.extraAddresses();
        }
        RoutePlan plan = RoutePlan.plan(family, desired, ranges, current, o.natGatewayId(), tp.state.owned());
        tp.plans.put(family, plan);
        tp.desired.put(family, desired);
        tp.extra.put(family, extra);
        plan.conflicts().forEach(c -> tp.warnings.add(tp.routeTableId + ": " + c.message()));
    }

    /**
     * Applies every table's plan: adds first, then (only when every add succeeded) removes; each
     * changed route is one call. Then the table's tags record what opsnotify owns there and, when
     * all went well, the syncToken applied. Failures are collected, never thrown, so that every
     * table gets its turn and the report says what was and was not done.
     */
    public void apply(Plan plan, Consumer<String> progress, Function<Throwable, String> describe) {
        Ec2Client ec2 = aws.ec2();
        for (TablePlan tp : plan.tables()) {
            if (tp.skipped || !tp.problems.isEmpty()) {
                continue;
            }
            Set<String> owned = new TreeSet<>(tp.state.owned());
            for (Map.Entry<IpFamily, RoutePlan> e : tp.plans.entrySet()) {
                boolean v6 = e.getKey() == IpFamily.IPV6;
                for (String cidr : e.getValue().add()) {
                    try {
                        ec2.createRoute(r -> {
                            r.routeTableId(tp.routeTableId).natGatewayId(plan.options().natGatewayId());
                            if (v6) {
                                r.destinationIpv6CidrBlock(cidr);
                            } else {
                                r.destinationCidrBlock(cidr);
                            }
                        });
                        tp.added.add(cidr);
                        owned.add(cidr);
                        progress.accept(tp.routeTableId + ": added " + cidr);
                    } catch (AwsServiceException ex) {
                        if ("RouteAlreadyExists".equals(code(ex))) {
                            owned.add(cidr); // a retry of a call that had succeeded
                        } else {
                            tp.failed.add("add " + cidr + ": " + describe.apply(ex));
                        }
                    }
                }
            }
            boolean addsOk = tp.failed.isEmpty();
            for (Map.Entry<IpFamily, RoutePlan> e : tp.plans.entrySet()) {
                boolean v6 = e.getKey() == IpFamily.IPV6;
                for (String cidr : e.getValue().remove()) {
                    if (!addsOk) {
                        tp.failed.add("remove " + cidr + ": not attempted, an add failed (removing could cut reachability)");
                        continue;
                    }
                    try {
                        ec2.deleteRoute(r -> {
                            r.routeTableId(tp.routeTableId);
                            if (v6) {
                                r.destinationIpv6CidrBlock(cidr);
                            } else {
                                r.destinationCidrBlock(cidr);
                            }
                        });
                        tp.removed.add(cidr);
                        owned.remove(cidr);
                        progress.accept(tp.routeTableId + ": removed " + cidr);
                    } catch (AwsServiceException ex) {
                        if ("InvalidRoute.NotFound".equals(code(ex))) {
                            owned.remove(cidr);
                        } else {
                            tp.failed.add("remove " + cidr + ": " + describe.apply(ex));
                        }
                    }
                }
            }
            tp.desired.values().forEach(owned::addAll); // every desired route present is opsnotify's now
            owned.removeIf(c -> tp.failed.stream().anyMatch(f -> f.startsWith("add " + c + ":")));
            boolean allOk = tp.failed.isEmpty();
            long token = allOk ? plan.ranges().syncToken() : tp.state.syncToken() == null ? 0 : tp.state.syncToken();
            int count = allOk ? plan.ranges().cidrs(plan.options().service(), IpFamily.IPV4).size()
                    + plan.ranges().cidrs(plan.options().service(), IpFamily.IPV6).size()
                    : tp.state.prefixCount() == null ? 0 : tp.state.prefixCount();
            Map<String, String> next = OwnershipTags.write(token, count, owned);
            if (!changed(tp.tags, next)) {
                continue;
            }
            try {
                ec2.createTags(r -> r.resources(tp.routeTableId)
                        .tags(next.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()));
                List<String> stale = OwnershipTags.stale(tp.tags, next);
                if (!stale.isEmpty()) {
                    ec2.deleteTags(r -> r.resources(tp.routeTableId).tags(stale.stream().map(k -> Tag.builder().key(k).build()).toList()));
                }
            } catch (AwsServiceException ex) {
                tp.failed.add("record state in tags: " + describe.apply(ex));
            }
        }
    }

    private static boolean changed(Map<String, String> current, Map<String, String> next) {
        for (Map.Entry<String, String> e : next.entrySet()) {
            if (!e.getValue().equals(current.get(e.getKey()))) {
                return true;
            }
        }
        return !OwnershipTags.stale(current, next).isEmpty();
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** Addresses of the hosts that no route of the plan covers (per family of the address). */
    public static List<Map.Entry<String, String>> uncovered(List<HostResolver.Resolution> hosts, Plan plan) {
        List<IPAddress> routed = new ArrayList<>();
        for (TablePlan tp : plan.tables()) {
            tp.desired.values().forEach(l -> l.forEach(c -> routed.add(new IPAddressString(c).getAddress())));
        }
        Set<Map.Entry<String, String>> out = new LinkedHashSet<>();
        for (HostResolver.Resolution h : hosts) {
            for (InetAddress a : h.addresses()) {
                IPAddress ip = new IPAddressString(a.getHostAddress()).getAddress();
                boolean covered = routed.stream().anyMatch(r -> r.getIPVersion() == ip.getIPVersion() && r.contains(ip));
                boolean familyRouted = routed.stream().anyMatch(r -> r.getIPVersion() == ip.getIPVersion());
                if (!covered && (familyRouted || ip.isIPv4())) {
                    out.add(Map.entry(h.host(), a.getHostAddress()));
                }
            }
        }
        return List.copyOf(out);
    }

    public static String strategyName(Strategy s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
