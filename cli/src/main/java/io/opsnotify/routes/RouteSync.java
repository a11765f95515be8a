package io.opsnotify.routes;

import io.opsnotify.check.CheckStatus;
import io.opsnotify.cloud.CloudException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * sync-cf-routes: keeps the route tables' routes to a service's address ranges (CloudFront by
 * default) through a NAT gateway equal to what AWS publishes, touching only opsnotify's routes.
 * {@link #start} reads the ranges and the tables and plans ({@link TablePlanner}) with read-only
 * calls; {@link #finish} applies adds before removes (reachability never dips), one call per
 * changed route, remembers what it did on the route table (see {@link OwnershipTags}) and
 * reports. The cloud is behind {@link RouteTables}.
 */
public final class RouteSync {
    /** {@code --strategy}: one route per merged block, or at most the room left with the fewest extra addresses. */
    public enum Strategy {
        EXACT, FIT;

        /** As the command line and the output spell it: {@code exact}, {@code fit}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param force apply although the prefix count shrank by more than a third, or the table's
     *              remembered syncToken lies in the future
     * @param now   the current time, for refusing files (and table state) from the future
     */
    public record Options(List<String> routeTableIds, String natGatewayId, String service, Strategy strategy,
                          int maxRoutes, boolean force, Limits limits, Instant now) {
        public Options {
            routeTableIds = List.copyOf(routeTableIds);
            Objects.requireNonNull(natGatewayId, "natGatewayId");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(strategy, "strategy");
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

    /** Where the ranges come from: {@code --source} (null: AWS's URL) and the notification's bytes, if one was given. */
    public record RangesRequest(String source, byte[] snsMessage) {
    }

    /** The outcome of {@link #start}: a plan to confirm and apply, or the report of a run that ends here. */
    public sealed interface Start permits Ready, Stopped {
    }

    /** A plan with no problem: it may be applied. */
    public record Ready(SyncPlan plan) implements Start {
    }

    /** The run ends here (CRITICAL or UNKNOWN), nothing changed. */
    public record Stopped(SyncReport report) implements Start {
    }

    private final RouteTables cloud;
    private final RangesSource sources;

    public RouteSync(RouteTables cloud, RangesSource sources) {
        this.cloud = cloud;
        this.sources = sources;
    }

    /**
     * Reads the ranges (validated before anything else), then the NAT gateway, the tables and
     * their VPCs, and plans. Stops with a report when the file is unusable, a read fails or the
     * plan has a problem.
     */
    public Start start(RangesRequest request, Options o) {
        IpRanges ranges;
        Long notified;
        try {
            RangesSource.Fetched f = request.snsMessage() != null ? sources.fetchNotified(request.snsMessage(), request.source())
                    : sources.fetch(request.source());
            notified = f.notifiedSyncToken();
            ranges = IpRangesParser.parse(f.bytes(), o.service()); // every entry's fields checked, CIDRs of the service
            if (ranges.cidrsOrNone(o.service(), IpFamily.IPV4).isEmpty() && ranges.cidrsOrNone(o.service(), IpFamily.IPV6).isEmpty()) {
                return new Stopped(SyncReport.stopped(o, CheckStatus.CRITICAL, f.from() + " lists no prefixes for service "
                        + o.service() + ": nothing changed"));
            }
        } catch (RangesSource.SourceException | InvalidIpRangesException e) {
            return new Stopped(SyncReport.stopped(o, CheckStatus.CRITICAL, e.getMessage() + ": nothing changed"));
        }
        SyncPlan plan;
        try {
            plan = plan(ranges, notified, o);
        } catch (CloudException e) {
            return new Stopped(SyncReport.stopped(o, statusOf(e), e.getMessage() + ": nothing changed"));
        }
        List<String> problems = plan.allProblems();
        return problems.isEmpty() ? new Ready(plan) : new Stopped(SyncReport.refused(plan, problems));
    }

    /**
     * What a failed read means for this command: an id that does not exist or that the cloud
     * rejects is the caller's mistake (CRITICAL, bad input); anything else (denied, throttled,
     * no credentials, a timeout, no answer) means the state is unknown (UNKNOWN).
     */
    static CheckStatus statusOf(CloudException e) {
        return switch (e.kind()) {
            case NOT_FOUND, INVALID_REQUEST -> CheckStatus.CRITICAL;
            default -> CheckStatus.UNKNOWN;
        };
    }

    /**
     * The plan, from read-only calls.
     *
     * @param notifiedSyncToken the syncToken the notification announced, null without one
     * @throws CloudException when a read fails
     */
    public SyncPlan plan(IpRanges ranges, Long notifiedSyncToken, Options o) {
        List<String> problems = new ArrayList<>();
        if (notifiedSyncToken != null && notifiedSyncToken != ranges.syncToken()) {
            problems.add("the notification's synctoken " + notifiedSyncToken + " differs from the file's " + ranges.syncToken());
        }
        long latest = o.now().plus(CLOCK_SKEW).getEpochSecond();
        Instant created = LocalDateTime.parse(ranges.createDate(), CREATE_DATE).toInstant(ZoneOffset.UTC);
        if (ranges.syncToken() > latest || created.getEpochSecond() > latest) {
            problems.add("the file is dated in the future (syncToken " + ranges.syncToken() + " = "
                    + Instant.ofEpochSecond(ranges.syncToken()) + ", createDate " + ranges.createDate() + ", now "
                    + o.now().truncatedTo(ChronoUnit.SECONDS) + "): a forged or broken file, or a wrong "
                    + "clock; applying it would freeze every later update");
        }
        if (ranges.cidrsOrNone(o.service(), IpFamily.IPV4).isEmpty() && ranges.cidrsOrNone(o.service(), IpFamily.IPV6).isEmpty()) {
            problems.add("the file lists no prefixes for service " + o.service());
        }
        Optional<RouteTables.NatGateway> nat = cloud.natGateway(o.natGatewayId());
        List<RouteTables.Table> tables = cloud.tables(o.routeTableIds());
        Map<String, RouteTables.Vpc> vpcs = cloud.vpcs(tables.stream().map(RouteTables.Table::vpcId).distinct().toList());
        if (nat.isEmpty()) {
            problems.add("NAT gateway " + o.natGatewayId() + " does not exist: nothing changed");
        }
        TablePlanner planner = new TablePlanner(o, ranges, latest);
        List<TablePlan> out = new ArrayList<>();
        for (RouteTables.Table t : tables) {
            out.add(problems.isEmpty() ? planner.plan(t, nat.orElseThrow(), Optional.ofNullable(vpcs.get(t.vpcId())))
                    : TablePlan.unplanned(t));
        }
        return new SyncPlan(ranges, o, out, problems);
    }

    /**
     * Applies (unless a dry run, or nothing is to change), checks the hosts, and reports. The
     * plan must have no problem ({@link Ready}).
     */
    public SyncReport finish(SyncPlan plan, boolean dryRun, HostCheck hosts) {
        if (!plan.allProblems().isEmpty()) {
            throw new IllegalArgumentException("a plan with problems is refused, not applied");
        }
        boolean apply = plan.hasChanges() && !dryRun;
        ApplyResult result = apply ? apply(plan) : ApplyResult.NONE;
        return SyncReport.concluded(plan, dryRun, apply, result, hosts.verify(plan));
    }

    /**
     * Applies every table's plan: adds first, then (only when every add succeeded) removes; each
     * changed route is one call. Then the table's tags record what opsnotify owns there and, when
     * all went well, the syncToken applied. Failures are collected, never thrown, so that every
     * table gets its turn and the report says what was and was not done.
     */
    public ApplyResult apply(SyncPlan plan) {
        List<ApplyResult.TableResult> results = new ArrayList<>();
        for (TablePlan tp : plan.tables()) {
            if (tp.applicable()) {
                results.add(apply(plan, tp));
            }
        }
        return new ApplyResult(results);
    }

    private ApplyResult.TableResult apply(SyncPlan plan, TablePlan tp) {
        String rtb = tp.routeTableId();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Set<String> failedAdds = new HashSet<>();
        Set<String> owned = new TreeSet<>(tp.state().owned());
        for (TablePlan.FamilyPlan f : tp.families().values()) {
            for (String cidr : f.changes().add()) {
                try {
                    if (cloud.createRoute(rtb, cidr, plan.options().natGatewayId())) {
                        added.add(cidr);
                    } // else it was there already: a retry of a call that had succeeded
                    owned.add(cidr);
                } catch (CloudException e) {
                    failed.add("add " + cidr + ": " + e.getMessage());
                    failedAdds.add(cidr);
                }
            }
        }
        boolean addsOk = failed.isEmpty();
        for (TablePlan.FamilyPlan f : tp.families().values()) {
            for (String cidr : f.changes().remove()) {
                if (!addsOk) {
                    failed.add("remove " + cidr + ": not attempted, an add failed (removing could cut reachability)");
                    continue;
                }
                try {
                    if (cloud.deleteRoute(rtb, cidr)) {
                        removed.add(cidr);
                    }
                    owned.remove(cidr);
                } catch (CloudException e) {
                    failed.add("remove " + cidr + ": " + e.getMessage());
                }
            }
        }
        tp.families().values().forEach(f -> owned.addAll(f.desired())); // every desired route present is opsnotify's now
        owned.removeAll(failedAdds);
        boolean allOk = failed.isEmpty();
        OwnershipTags.State state = tp.state();
        int fileCount = plan.prefixCount();
        long token = allOk ? plan.ranges().syncToken() : state.syncToken() == null ? 0 : state.syncToken();
        int count = allOk ? fileCount : state.prefixCount() == null ? 0 : state.prefixCount();
        OwnershipTags.Peak peak = allOk ? state.nextPeak(new OwnershipTags.Peak(fileCount, token)) : state.peak();
        Map<String, String> next = OwnershipTags.write(token, count, peak, owned);
        if (changed(tp.tags(), next)) {
            try {
                cloud.tag(rtb, next);
                List<String> stale = OwnershipTags.stale(tp.tags(), next);
                if (!stale.isEmpty()) {
                    cloud.untag(rtb, stale);
                }
            } catch (CloudException e) {
                failed.add("record state in tags: " + e.getMessage());
            }
        }
        return new ApplyResult.TableResult(rtb, added, removed, failed);
    }

    private static boolean changed(Map<String, String> current, Map<String, String> next) {
        for (Map.Entry<String, String> e : next.entrySet()) {
            if (!e.getValue().equals(current.get(e.getKey()))) {
                return true;
            }
        }
        return !OwnershipTags.stale(current, next).isEmpty();
    }
}
