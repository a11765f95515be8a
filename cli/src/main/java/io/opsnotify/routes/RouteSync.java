package io.opsnotify.routes;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.opsnotify.aws.AwsClients;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * sync-cf-routes: keeps the route tables' routes to a service's address ranges (CloudFront by
 * default) through a NAT gateway equal to what AWS publishes, touching only opsnotify's routes.
 * Plans with read-only calls, then applies adds before removes (reachability never dips), one
 * call per changed route, and remembers what it did on the route table (see {@link OwnershipTags}).
 */
public final class RouteSync {
    public enum Strategy { EXACT, FIT }

    /**
     * @param force apply although the prefix count shrank by more than a third, or the table's
     *              remembered syncToken lies in the future
     * @param now   the current time, for refusing files (and table state) from the future
     */
    public record Options(List<String> routeTableIds, String natGatewayId, String service, Strategy strategy,
                          int maxRoutes, boolean force, Limits limits, Instant now) {
        public Options {
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(now, "now");
        }
    }

    /**
     * Bounds on the planned routes, per family: no route of either strategy shorter than the floor
     * (published blocks included: a forged or broken file must not route a /3 of the Internet
     * through the NAT), and no more extra addresses in total ({@code fit}) than the ceiling.
     * The floor itself has a hard minimum: /8 for IPv4 (the widest block IANA ever delegated, the
     * unit it hands to a registry; no service publishes a wider one) and /16 for IPv6 (IANA hands
     * registries /12s, and no single network holds anything near a /16).
     */
    public record Limits(int minPrefixLengthV4, int minPrefixLengthV6, BigInteger maxExtraV4, BigInteger maxExtraV6) {
        public static final int DEFAULT_MIN_PREFIX_V4 = 8;
        public static final int DEFAULT_MIN_PREFIX_V6 = 32;
        /** The widest floor an operator may set (see above). */
        public static final int HARD_MIN_PREFIX_V4 = 8;
        public static final int HARD_MIN_PREFIX_V6 = 16;

        public Limits {
            if (minPrefixLengthV4 < HARD_MIN_PREFIX_V4 || minPrefixLengthV4 > 32 || minPrefixLengthV6 < HARD_MIN_PREFIX_V6
                    || minPrefixLengthV6 > 128) {
                throw new IllegalArgumentException("prefix length floor out of range");
            }
            if (maxExtraV4.signum() < 0 || maxExtraV6.signum() < 0) {
                throw new IllegalArgumentException("extra-address ceiling must not be negative");
            }
        }

        int floor(IpFamily f) {
            return f == IpFamily.IPV4 ? minPrefixLengthV4 : minPrefixLengthV6;
        }

        BigInteger ceiling(IpFamily f) {
            return f == IpFamily.IPV4 ? maxExtraV4 : maxExtraV6;
        }
    }

    /** How far in the future a file's publication time (or a table's remembered one) may be: clock skew. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(10);
    private static final DateTimeFormatter CREATE_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd-HH-mm-ss");

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
        long latest = o.now().plus(CLOCK_SKEW).getEpochSecond();
        Instant created = LocalDateTime.parse(ranges.createDate(), CREATE_DATE).toInstant(ZoneOffset.UTC);
        if (ranges.syncToken() > latest || created.getEpochSecond() > latest) {
            problems.add("the file is dated in the future (syncToken " + ranges.syncToken() + " = "
                    + Instant.ofEpochSecond(ranges.syncToken()) + ", createDate " + ranges.createDate() + ", now "
                    + o.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "): a forged or broken file, or a wrong "
                    + "clock; applying it would freeze every later update");
        }
        List<String> v4 = ranges.cidrsOrNone(o.service(), IpFamily.IPV4);
        List<String> v6 = ranges.cidrsOrNone(o.service(), IpFamily.IPV6);
        if (v4.isEmpty() && v6.isEmpty()) {
            problems.add("the file lists no prefixes for service " + o.service());
        }
        Ec2Client ec2 = aws.ec2();
        NatGateway nat = ec2.describeNatGateways(r -> r.natGatewayIds(o.natGatewayId())).natGateways().get(0);
        List<RouteTable> tables = ec2.describeRouteTables(r -> r.routeTableIds(o.routeTableIds())).routeTables();
        Map<String, Vpc> vpcs = new HashMap<>();
        List<String> vpcIds = tables.stream().map(RouteTable::vpcId).distinct().toList();
        if (!vpcIds.isEmpty()) {
            ec2.describeVpcs(r -> r.vpcIds(vpcIds)).vpcs().forEach(v -> vpcs.put(v.vpcId(), v));
        }
        List<TablePlan> out = new ArrayList<>();
        for (RouteTable t : tables) {
            Map<String, String> tags = new HashMap<>();
            t.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
            TablePlan tp = new TablePlan(t.routeTableId(), t.vpcId(), tags);
            out.add(tp);
            if (!problems.isEmpty()) {
                continue;
            }
            if (!nat.vpcId().equals(t.vpcId())) {
                tp.problems.add("NAT gateway " + o.natGatewayId() + " is in " + nat.vpcId() + ", route table "
                        + t.routeTableId() + " in " + t.vpcId() + ": a route cannot target it");
                continue;
            }
            Long applied = tp.state.syncToken();
            boolean appliedInFuture = applied != null && applied > latest;
            if (appliedInFuture && !o.force()) {
                tp.problems.add(t.routeTableId() + " remembers syncToken " + applied + " (" + Instant.ofEpochSecond(applied)
                        + "), which lies in the future: no file would ever be applied to it; nothing changed "
                        + "(--force applies this file and replaces that state)");
                continue;
            }
            if (!appliedInFuture && applied != null && applied > ranges.syncToken()) {
                tp.skipped = true;
                tp.warnings.add(t.routeTableId() + " already has syncToken " + applied + ", newer than this file's "
                        + ranges.syncToken() + " (an out-of-order notification?): left as it is");
                continue;
            }
            Integer before = tp.state.reference(ranges.syncToken());
            int now = v4.size() + v6.size();
            if (before != null && now * 3L < before * 2L && !o.force()) {
                tp.problems.add(o.service() + " has " + now + " prefixes in this file, up to " + before + " in the files applied to "
                        + t.routeTableId() + " in the " + OwnershipTags.PEAK_WINDOW_SECONDS / 86_400 + " days before it: "
                        + "a drop of more than a third looks like a truncated or wrong file; nothing changed (--force to apply anyway)");
                continue;
            }
            Vpc vpc = vpcs.get(t.vpcId());
            List<String> vpcCidrs = new ArrayList<>();
            if (vpc != null) {
                vpcCidrs.add(vpc.cidrBlock());
                vpc.cidrBlockAssociationSet().forEach(a -> vpcCidrs.add(a.cidrBlock()));
                vpc.ipv6CidrBlockAssociationSet().forEach(a -> vpcCidrs.add(a.ipv6CidrBlock()));
            }
            SafeDestinations safe = SafeDestinations.forVpc(t.vpcId(), vpcCidrs.stream().filter(Objects::nonNull).toList());
            List<CurrentRoute> current = t.routes().stream().map(RouteSync::current).toList();
            if (!v4.isEmpty()) {
                planFamily(tp, IpFamily.IPV4, v4, current, o, safe);
            }
            boolean hasV6 = t.routes().stream().anyMatch(r -> r.destinationIpv6CidrBlock() != null);
            if (hasV6 && !v6.isEmpty()) {
                planFamily(tp, IpFamily.IPV6, v6, current, o, safe);
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

    private static void planFamily(TablePlan tp, IpFamily family, List<String> ranges, List<CurrentRoute> current, Options o,
                                   SafeDestinations safe) {
        List<String> exact = RouteCover.exact(ranges);
        if (refuseUnsafe(tp, exact, safe::refusal, "the published ranges give the route ")) {
            return;
        }
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
            int floor = o.limits().floor(family);
            Cover cover;
            try {
                cover = RouteCover.fit(ranges, (int) Math.min(budget, Integer.MAX_VALUE),
                        b -> b.getNetworkPrefixLength() != null && b.getNetworkPrefixLength() >= floor && safe.allows(b));
            } catch (RouteCover.CoverTooSmallException e) {
                tp.problems.add(o.service() + " needs at least " + e.minimumRoutes() + " " + fam + " routes with no route wider than /"
                        + floor + " and none touching reserved, private or VPC space, but " + tp.routeTableId + " has room for "
                        + budget + " (--max-routes " + o.maxRoutes() + " minus " + foreign + " other routes). Raise the quota "
                        + "'Routes per route table' (L-93826ACB) and --max-routes, or lower the floor (--min-prefix-length)");
                return;
            }
            desired = cover.routes();
            extra = cover.extraAddresses();
            BigInteger ceiling = o.limits().ceiling(family);
            if (extra.compareTo(ceiling) > 0) {
                tp.problems.add(o.service() + " fits in " + desired.size() + " " + fam + " routes only by routing " + extra
                        + " extra addresses through the NAT gateway, more than the ceiling of " + ceiling + " ("
                        + (family == IpFamily.IPV4 ? "--max-extra-addresses" : "--max-extra-ipv6-addresses")
                        + "). Raise the quota 'Routes per route table' (L-93826ACB) and --max-routes, or the ceiling");
                return;
            }
        }
        if (refuseUnsafe(tp, desired, safe::refusal, "planned route ")) { // the last word, whatever computed the routes
            return;
        }
        int minLength = o.limits().floor(family);
        String floorOption = family == IpFamily.IPV4 ? "--min-prefix-length" : "--min-ipv6-prefix-length";
        if (refuseUnsafe(tp, desired, r -> Cidrs.parseBlock(r).getNetworkPrefixLength() < minLength
                ? Optional.of(r + " is wider than /" + minLength + " (" + floorOption + ")") : Optional.empty(), "planned route ")) {
            return;
        }
        RoutePlan plan = RoutePlan.plan(family, desired, ranges, current, o.natGatewayId(), tp.state.owned());
        tp.plans.put(family, plan);
        tp.desired.put(family, desired);
        tp.extra.put(family, extra);
        plan.conflicts().forEach(c -> tp.warnings.add(tp.routeTableId + ": " + c.message()));
    }

    private static boolean refuseUnsafe(TablePlan tp, List<String> routes, Function<String, Optional<String>> refusal,
                                        String what) {
        List<String> why = routes.stream().map(refusal).flatMap(Optional::stream).toList();
        if (why.isEmpty()) {
            return false;
        }
        tp.problems.add(tp.routeTableId + ": " + what + why.get(0) + (why.size() > 1 ? " (+" + (why.size() - 1) + " more such routes)" : "")
                + "; nothing changed");
        return true;
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
                    } catch (SdkException ex) {
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
                    } catch (SdkException ex) {
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
            int fileCount = plan.ranges().cidrsOrNone(plan.options().service(), IpFamily.IPV4).size()
                    + plan.ranges().cidrsOrNone(plan.options().service(), IpFamily.IPV6).size();
            int count = allOk ? fileCount : tp.state.prefixCount() == null ? 0 : tp.state.prefixCount();
            OwnershipTags.Peak peak = allOk ? tp.state.nextPeak(new OwnershipTags.Peak(fileCount, token)) : tp.state.peak();
            Map<String, String> next = OwnershipTags.write(token, count, peak, owned);
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
            } catch (SdkException ex) {
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

    private static String code(SdkException e) {
        return e instanceof AwsServiceException a && a.awsErrorDetails() != null ? a.awsErrorDetails().errorCode() : null;
    }

    /** What {@code --verify-hosts} found: addresses no route covers, and hosts that did not resolve. */
    public record Verification(List<Map.Entry<String, String>> uncovered, List<String> unresolved) {
        public static final Verification NONE = new Verification(List.of(), List.of());
    }

    /** Resolves each host (A and AAAA, each resolver) and checks its addresses against the plan's routes. */
    public static Verification verify(List<String> hosts, HostResolver resolver, Plan plan) {
        List<HostResolver.Resolution> resolved = hosts.stream().map(resolver::resolve).toList();
        List<String> unresolved = new ArrayList<>();
        resolved.forEach(r -> {
            if (r.addresses().isEmpty()) {
                unresolved.add(r.host() + " did not resolve" + (r.errors().isEmpty() ? "" : ": " + r.errors().get(0)));
            }
        });
        return new Verification(uncovered(resolved, plan), unresolved);
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
