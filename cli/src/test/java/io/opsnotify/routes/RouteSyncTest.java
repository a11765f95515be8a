package io.opsnotify.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opsnotify.check.CheckStatus;
import io.opsnotify.cloud.CloudException;
import io.opsnotify.testkit.Fixtures;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * sync-cf-routes' domain on the in-memory route tables, with the real ip-ranges data: planning,
 * the guards, ownership, the state tags, applying and its failures, and what the report says.
 */
class RouteSyncTest {
    static final String FULL = RangesFixtures.FULL;
    static final String OLD = RangesFixtures.HISTORY + "/ip-ranges-cloudfront-2025-12-31.json";
    static final String NAT = "nat-0123456789abcdef0";
    static final String OTHER_NAT = "nat-0ffff000000000000";
    static final String RTB = "rtb-0a1b2c3d";
    static final String VPC = "vpc-0abc1234";
    static final long PAST_TOKEN = 1787433425L; // 2026-08-22, the real file's
    static final RouteSync.Limits DEFAULT_LIMITS = new RouteSync.Limits(8, 32, BigInteger.valueOf(1L << 27),
            BigInteger.ONE.shiftLeft(97));

    final ObjectMapper json = new ObjectMapper();
    InMemoryRouteTables ec2;
    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        ec2 = new InMemoryRouteTables()
                .vpc(VPC, "10.0.0.0/16")
                .vpc("vpc-0other00", "10.9.0.0/16")
                .nat(NAT, VPC)
                .nat(OTHER_NAT, "vpc-0other00")
                .table(RTB, VPC)
                .gatewayRoute(RTB, "0.0.0.0/0", "tgw-0123456789abcdef0")
                .route(RTB, "192.0.2.0/24", NAT); // this NAT, but not CloudFront: not opsnotify's
    }

    /** One run as the command makes it (with --yes). */
    final class Run {
        String source = full();
        String service = "CLOUDFRONT";
        RouteSync.Strategy strategy = RouteSync.Strategy.EXACT;
        int maxRoutes = 1000;
        boolean force;
        boolean dryRun;
        List<String> tables = List.of(RTB);
        String nat = NAT;
        RouteSync.Limits limits = DEFAULT_LIMITS;

        RouteSync.Options options() {
            return new RouteSync.Options(tables, nat, service, strategy, maxRoutes, force, limits, Instant.now());
        }

        SyncReport go() {
            RouteSync sync = sync();
            RouteSync.Start start = sync.start(new RouteSync.RangesRequest(source, null), options());
            if (start instanceof RouteSync.Stopped stopped) {
                return stopped.report();
            }
            return sync.finish(((RouteSync.Ready) start).plan(), dryRun, HostCheck.NONE);
        }
    }

    RouteSync sync() {
        return new RouteSync(ec2, new RangesSource(json));
    }

    Run run(String source) {
        Run r = new Run();
        r.source = source;
        return r;
    }

    static String full() {
        return Fixtures.path(FULL).toString();
    }

    static String summary(SyncReport r) {
        return r.textLines().get(0);
    }

    JsonNode json(SyncReport r) throws Exception {
        return json.readTree(json.writeValueAsString(r.json(json)));
    }

    Set<String> routesToNat() {
        return ec2.routes(RTB).stream().filter(r -> NAT.equals(r.natGatewayId())).map(CurrentRoute::destination)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    Set<String> foreign() {
        return ec2.routes(RTB).stream().filter(r -> !NAT.equals(r.natGatewayId()) || r.destination().equals("192.0.2.0/24"))
                .map(CurrentRoute::destination).collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> exactOf(Path file) throws Exception {
        Set<String> want = new TreeSet<>(RouteCover.exact(IpRangesParser.parse(Files.readAllBytes(file)).cidrs("CLOUDFRONT",
                IpFamily.IPV4)));
        want.add("192.0.2.0/24");
        return want;
    }

    /** A small hand-made ranges file: these CLOUDFRONT prefixes (IPv4 and IPv6) and one other service's. */
    Path ranges(String name, long syncToken, List<String> v4, List<String> v6) throws Exception {
        ObjectNode root = json.createObjectNode();
        root.put("syncToken", Long.toString(syncToken));
        root.put("createDate", DateTimeFormatter.ofPattern("uuuu-MM-dd-HH-mm-ss")
                .format(Instant.ofEpochSecond(syncToken).atOffset(ZoneOffset.UTC)));
        ArrayNode p4 = root.putArray("prefixes");
        v4.forEach(c -> p4.addObject().put("ip_prefix", c).put("region", "GLOBAL").put("service", "CLOUDFRONT")
                .put("network_border_group", "GLOBAL"));
        p4.addObject().put("ip_prefix", "3.5.140.0/22").put("region", "ap-northeast-2").put("service", "AMAZON")
                .put("network_border_group", "ap-northeast-2");
        ArrayNode p6 = root.putArray("ipv6_prefixes");
        v6.forEach(c -> p6.addObject().put("ipv6_prefix", c).put("region", "GLOBAL").put("service", "CLOUDFRONT")
                .put("network_border_group", "GLOBAL"));
        Path file = dir.resolve(name);
        json.writeValue(file.toFile(), root);
        return file;
    }

    // ---- exact and fit ----

    @Test
    void exact_shouldRefuseWithTheQuotaHint_whenTheMergedSetExceedsMaxRoutes() {
        Run r = run(full());
        r.maxRoutes = 50;

        SyncReport report = r.go();

        assertThat(report.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(summary(report)).startsWith("CRITICAL: CLOUDFRONT needs 180 IPv4 routes (merged)").contains("L-93826ACB")
                .contains("--strategy fit");
        assertThat(ec2.mutatingCalls()).isEmpty();
    }

    @Test
    void exact_shouldAdd180Routes_thenDoNothingOnTheSecondRun_andKeepForeignRoutes() throws Exception {
        Set<String> foreignBefore = foreign();

        SyncReport first = run(full()).go();

        assertThat(first.status()).as(first.textLines().toString()).isEqualTo(CheckStatus.OK);
        assertThat(summary(first)).isEqualTo("OK: CLOUDFRONT syncToken 1787433425, exact: added 180, removed 0 routes");
        assertThat(routesToNat()).isEqualTo(exactOf(Fixtures.path(FULL)));
        assertThat(ec2.calls("createRoute")).hasSize(180);
        assertThat(ec2.calls("deleteRoute")).isEmpty();
        ec2.clearCalls();

        SyncReport second = run(full()).go();

        assertThat(summary(second)).isEqualTo("OK: CLOUDFRONT syncToken 1787433425, exact: routes in sync on " + RTB);
        assertThat(ec2.mutatingCalls()).isEmpty();
        assertThat(foreign()).isEqualTo(foreignBefore);
        assertThat(ec2.tags(RTB)).containsEntry(OwnershipTags.SYNC_TOKEN, "1787433425");
    }

    @Test
    void fit_shouldStayWithinTheBudget_andReportExtraAddresses() throws Exception {
        Run r = run(full());
        r.strategy = RouteSync.Strategy.FIT;
        r.maxRoutes = 50;

        JsonNode j = json(r.go());

        assertThat(j.path("status").asText()).isEqualTo("OK");
        assertThat(j.path("strategy").asText()).isEqualTo("fit");
        assertThat(j.path("routesWanted").asInt()).isEqualTo(47); // 50 minus local, 0.0.0.0/0 and 192.0.2.0/24
        assertThat(j.path("extraAddresses").asLong()).isPositive();
        assertThat(j.path("applied").asBoolean()).isTrue();
        assertThat(routesToNat()).hasSize(48);
        assertThat(ec2.routes(RTB)).hasSizeLessThanOrEqualTo(50);
    }

    @Test
    void replay_shouldConvergeAtEveryQuarter_andLeaveForeignRoutesAlone() throws Exception {
        Set<String> foreignBefore = foreign();
        List<Path> history = RangesFixtures.history();
        assertThat(history).hasSizeGreaterThan(30);
        for (Path snapshot : history) {
            SyncReport r = run(snapshot.toString()).go();
            assertThat(r.status()).as(snapshot + ": " + r.textLines()).isEqualTo(CheckStatus.OK);
            ec2.clearCalls();
            SyncReport again = run(snapshot.toString()).go();
            assertThat(summary(again)).as(snapshot.toString()).contains("routes in sync");
            assertThat(ec2.mutatingCalls()).as(snapshot.toString()).isEmpty();
            assertThat(routesToNat()).as(snapshot.toString()).isEqualTo(exactOf(snapshot));
            assertThat(foreign()).isEqualTo(foreignBefore);
        }
    }

    @Test
    void dryRun_shouldPrintThePlan_andChangeNothing() {
        Run r = run(full());
        r.dryRun = true;

        SyncReport report = r.go();

        assertThat(report.status()).isEqualTo(CheckStatus.OK);
        assertThat(summary(report)).isEqualTo("OK: CLOUDFRONT syncToken 1787433425, exact: dry run: would add 180, remove 0 routes");
        assertThat(report.textLines()).contains("  + 13.32.0.0/15");
        assertThat(report.applied()).isFalse();
        assertThat(ec2.mutatingCalls()).isEmpty();
    }

    @Test
    void aDayToDayChange_shouldCostOneCallPerChangedRoute_plusOneStateWrite() throws Exception {
        run(Fixtures.path(RangesFixtures.HISTORY + "/ip-ranges-cloudfront-2026-06-30.json").toString()).go();
        ec2.clearCalls();

        JsonNode j = json(run(full()).go());

        int changed = j.path("add").size() + j.path("remove").size();
        assertThat(changed).isPositive();
        assertThat(ec2.calls("createRoute")).hasSize(j.path("add").size());
        assertThat(ec2.calls("deleteRoute")).hasSize(j.path("remove").size());
        assertThat(ec2.mutatingCalls()).hasSize(changed + 1); // + the tag call that records the syncToken
        assertThat(ec2.calls("tag")).hasSize(1);
    }

    // ---- guards ----

    @Test
    void olderSyncToken_shouldWarnAndChangeNothing() {
        run(full()).go();
        ec2.clearCalls();

        SyncReport r = run(Fixtures.path(OLD).toString()).go();

        assertThat(r.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(summary(r)).startsWith("WARNING: " + RTB + " already has syncToken 1787433425, newer than this file's");
        assertThat(r.textLines()).contains(RTB + ": skipped");
        assertThat(ec2.mutatingCalls()).isEmpty();
    }

    @Test
    void shrunkenPrefixCount_shouldBeRefused_unlessForced() throws Exception {
        run(full()).go();
        ec2.clearCalls();
        JsonNode all = json.readTree(Fixtures.path(FULL).toFile());
        ArrayNode kept = json.createArrayNode();
        int cf = 0;
        for (JsonNode p : all.get("prefixes")) {
            if (!p.path("service").asText().equals("CLOUDFRONT") || cf++ < 100) {
                kept.add(p);
            }
        }
        ((ObjectNode) all).set("prefixes", kept);
        ((ObjectNode) all).put("syncToken", "1787433999");
        Path shrunk = dir.resolve("shrunk.json");
        json.writeValue(shrunk.toFile(), all);

        SyncReport refused = run(shrunk.toString()).go();
        assertThat(ec2.mutatingCalls()).isEmpty();
        Run force = run(shrunk.toString());
        force.force = true;
        SyncReport forced = force.go();

        assertThat(refused.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(summary(refused)).contains("a drop of more than a third").contains("--force");
        assertThat(forced.status()).as(forced.textLines().toString()).isEqualTo(CheckStatus.OK);
        assertThat(summary(forced)).contains("removed");
    }

    @Test
    void shrinkGuard_shouldNotBeWalkableInSmallSteps_butComparedWithTheLargestRecentCount() throws Exception {
        JsonNode all = json.readTree(Fixtures.path(FULL).toFile());
        List<String> v4 = new ArrayList<>();
        all.get("prefixes").forEach(p -> {
            if (p.path("service").asText().equals("CLOUDFRONT")) {
                v4.add(p.path("ip_prefix").asText());
            }
        });
        List<String> v6 = new ArrayList<>();
        all.get("ipv6_prefixes").forEach(p -> {
            if (p.path("service").asText().equals("CLOUDFRONT")) {
                v6.add(p.path("ipv6_prefix").asText());
            }
        });
        int peak = v4.size() + v6.size();
        assertThat(run(full()).go().status()).isEqualTo(CheckStatus.OK);

        // Each step drops less than a third of the step before; together they drop more than a third of the peak.
        int[] totals = {peak * 5 / 6, peak * 5 / 6 * 5 / 6, peak * 5 / 6 * 5 / 6 * 5 / 6};
        long day = 86_400;
        for (int i = 0; i < 2; i++) {
            Path step = ranges("step" + i + ".json", PAST_TOKEN + (i + 1) * day, v4.subList(0, totals[i] - v6.size()), v6);
            SyncReport r = run(step.toString()).go();
            assertThat(r.status()).as("step " + i + ": " + r.textLines()).isEqualTo(CheckStatus.OK);
        }
        Path third = ranges("step2.json", PAST_TOKEN + 3 * day, v4.subList(0, totals[2] - v6.size()), v6);
        ec2.clearCalls();

        SyncReport refused = run(third.toString()).go();

        assertThat(refused.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(summary(refused)).contains("has " + totals[2] + " prefixes in this file, up to " + peak)
                .contains("a drop of more than a third").contains("--force");
        assertThat(ec2.mutatingCalls()).isEmpty();
        assertThat(ec2.tags(RTB)).containsEntry(OwnershipTags.PREFIX_PEAK, peak + "@" + PAST_TOKEN);

        Path monthLater = ranges("later.json", PAST_TOKEN + 31 * day, v4.subList(0, totals[2] - v6.size()), v6);
        SyncReport afterTheWindow = run(monthLater.toString()).go();
        assertThat(afterTheWindow.status()).as("the peak is older than 30 days; the last count is not: "
                + afterTheWindow.textLines()).isEqualTo(CheckStatus.OK);
    }

    @Test
    void futureDatedFile_shouldBeRefused_andChangeNothing() throws Exception {
        long future = Instant.now().plus(Duration.ofDays(2)).getEpochSecond();
        Path file = ranges("future.json", future, List.of("13.32.0.0/15"), List.of());

        SyncReport r = run(file.toString()).go();

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(summary(r)).startsWith("CRITICAL: the file is dated in the future (syncToken " + future);
        assertThat(ec2.mutatingCalls()).isEmpty();
        assertThat(ec2.tags(RTB)).doesNotContainKey(OwnershipTags.SYNC_TOKEN);
    }

    @Test
    void tableTaggedWithAFutureSyncToken_shouldBeCritical_andRecoverWithForce() {
        long future = Instant.now().plus(Duration.ofDays(3650)).getEpochSecond();
        ec2.tagTable(RTB, OwnershipTags.SYNC_TOKEN, Long.toString(future));

        SyncReport frozen = run(full()).go();

        assertThat(frozen.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(summary(frozen)).contains(RTB + " remembers syncToken " + future).contains("in the future").contains("--force");
        assertThat(ec2.mutatingCalls()).isEmpty();

        Run force = run(full());
        force.force = true;
        SyncReport forced = force.go();

        assertThat(forced.status()).isEqualTo(CheckStatus.OK);
        assertThat(summary(forced)).isEqualTo("OK: CLOUDFRONT syncToken 1787433425, exact: added 180, removed 0 routes");
        assertThat(ec2.tags(RTB)).containsEntry(OwnershipTags.SYNC_TOKEN, "1787433425");
        ec2.clearCalls();
        assertThat(summary(run(full()).go())).contains("routes in sync");
        assertThat(ec2.mutatingCalls()).isEmpty();
    }

    @Test
    void truncatedOrCorruptFile_shouldBeCritical_andCallNothing() throws Exception {
        byte[] bytes = Files.readAllBytes(Fixtures.path(FULL));
        Path truncated = dir.resolve("truncated.json");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));

        SyncReport r = run(truncated.toString()).go();

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(summary(r)).startsWith("CRITICAL: ").endsWith("nothing changed");
        assertThat(r.plan()).isNull();
        assertThat(ec2.calls()).isEmpty();
    }

    @Test
    void nonCanonicalAddress_shouldBeRefused_notReadAsAnotherBlock() throws Exception {
        Path file = ranges("octal.json", PAST_TOKEN, List.of("13.32.0.0/15", "010.000.000.000/8"), List.of());

        SyncReport r = run(file.toString()).go();

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(summary(r)).isEqualTo("CRITICAL: ip-ranges.json prefixes[1]: CIDR not in canonical form (leading zeros): "
                + "\"010.000.000.000/8\": nothing changed");
        assertThat(ec2.calls()).isEmpty();
    }

    @Test
    void serviceNotInTheFile_shouldBeCritical_andCallNothing() {
        Run r = run(full());
        r.service = "NOPE";

        SyncReport report = r.go();

        assertThat(report.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(summary(report)).isEqualTo("CRITICAL: " + full() + " lists no prefixes for service NOPE: nothing changed");
        assertThat(ec2.calls()).isEmpty();
    }

    @Test
    void natGatewayInAnotherVpc_shouldBeCritical() {
        Run r = run(full());
        r.nat = OTHER_NAT;

        SyncReport report = r.go();

        assertThat(report.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(summary(report)).contains("NAT gateway " + OTHER_NAT + " is in vpc-0other00");
        assertThat(ec2.mutatingCalls()).isEmpty();
    }

    // ---- the cloud failing ----

    @Test
    void unknownRouteTableOrNat_shouldBeCritical_badInput_namingTheCode() {
        Run table = run(full());
        table.tables = List.of("rtb-0fffffff");
        Run nat = run(full());
        nat.nat = "nat-0eeee000000000000";

        SyncReport unknownTable = table.go();
        SyncReport unknownNat = nat.go();

        assertThat(unknownTable.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(summary(unknownTable)).startsWith("CRITICAL: AWS error InvalidRouteTableID.NotFound").endsWith(": nothing changed");
        assertThat(unknownNat.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(summary(unknownNat)).contains("NatGatewayNotFound");
        assertThat(ec2.mutatingCalls()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"NOT_FOUND, CRITICAL", "INVALID_REQUEST, CRITICAL", "ACCESS_DENIED, UNKNOWN", "THROTTLED, UNKNOWN",
        "CREDENTIALS, UNKNOWN", "TIMEOUT, UNKNOWN", "FAILED, UNKNOWN"})
    void aFailedRead_shouldBeCriticalOnlyWhenTheIdsGivenAreWrong(CloudException.Kind kind, CheckStatus expected) {
        ec2.failNext("tables", new CloudException(kind, "Code", "AWS error Code (Ec2): it failed", null), 1);

        SyncReport r = run(full()).go();

        assertThat(r.status()).isEqualTo(expected);
        assertThat(summary(r)).isEqualTo(expected + ": AWS error Code (Ec2): it failed: nothing changed");
        assertThat(r.textLines()).hasSize(1);
        assertThat(ec2.mutatingCalls()).isEmpty();
    }

    @Test
    void partialFailure_shouldNotRemove_andReportUnknown_thenConvergeOnRerun() throws Exception {
        run(Fixtures.path(OLD).toString()).go();
        ec2.failNext("createRoute", new CloudException(CloudException.Kind.ACCESS_DENIED, "UnauthorizedOperation",
                "AWS error UnauthorizedOperation (Ec2): no", null), 1);
        ec2.clearCalls();

        SyncReport failed = run(full()).go();

        assertThat(failed.status()).isEqualTo(CheckStatus.UNKNOWN);
        assertThat(summary(failed)).startsWith("UNKNOWN: 1 route change(s) failed, add ").contains("UnauthorizedOperation")
                .endsWith("run again to converge");
        assertThat(failed.textLines()).anyMatch(l -> l.startsWith("  ✗ " + RTB + ": add "));
        assertThat(ec2.calls("deleteRoute")).isEmpty();
        assertThat(ec2.tags(RTB)).as("the syncToken of the older file stays").containsEntry(OwnershipTags.SYNC_TOKEN, "1767158304");

        SyncReport again = run(full()).go();

        assertThat(again.status()).as(again.textLines().toString()).isEqualTo(CheckStatus.OK);
        assertThat(routesToNat()).isEqualTo(exactOf(Fixtures.path(FULL)));
    }

    @Test
    void aFailedAdd_shouldLeaveTheRemovesUndone_andSayWhy() throws Exception {
        Path two = ranges("two.json", PAST_TOKEN, List.of("13.32.0.0/15", "54.192.0.0/16"), List.of());
        Path other = ranges("other.json", PAST_TOKEN + 60, List.of("13.32.0.0/15", "52.84.0.0/15"), List.of());
        run(two.toString()).go();
        ec2.failNext("createRoute", new CloudException(CloudException.Kind.FAILED, null, "could not call AWS: reset", null), 1);

        SyncReport r = run(other.toString()).go();

        assertThat(r.status()).isEqualTo(CheckStatus.UNKNOWN);
        assertThat(r.result().failed(RTB)).containsExactly("add 52.84.0.0/15: could not call AWS: reset",
                "remove 54.192.0.0/16: not attempted, an add failed (removing could cut reachability)");
        assertThat(routesToNat()).contains("54.192.0.0/16").doesNotContain("52.84.0.0/15");
        assertThat(ec2.calls("deleteRoute")).isEmpty();
    }

    @Test
    void aTimeoutWhileApplying_shouldBeNamedInTheSummary() throws Exception {
        Path file = ranges("two.json", PAST_TOKEN, List.of("13.32.0.0/15", "54.192.0.0/16"), List.of());
        ec2.failNext("createRoute", new CloudException(CloudException.Kind.TIMEOUT, null,
                "timed out after 4 s waiting for EC2 CreateRoute (--timeout 4)", null), 2);

        SyncReport r = run(file.toString()).go();

        assertThat(r.status()).isEqualTo(CheckStatus.UNKNOWN);
        assertThat(summary(r)).startsWith("UNKNOWN: ").contains("timed out after ", "waiting for EC2 CreateRoute (--timeout 4)");
        assertThat(routesToNat()).doesNotContain("13.32.0.0/15");
    }

    @Test
    void connectionLostWhileApplying_shouldBeListedAsFailedChanges_notEscapeTheReport() throws Exception {
        Path file = ranges("two.json", PAST_TOKEN, List.of("13.32.0.0/15", "54.192.0.0/16"), List.of());
        RouteSync sync = sync();
        SyncPlan plan = ((RouteSync.Ready) sync.start(new RouteSync.RangesRequest(file.toString(), null), run(null).options()))
                .plan();
        ec2.failEverything(new CloudException(CloudException.Kind.FAILED, null, "could not call AWS: Connection refused", null));

        ApplyResult result = sync.apply(plan);

        assertThat(result.failed(RTB)).containsExactly("add 13.32.0.0/15: could not call AWS: Connection refused",
                "add 54.192.0.0/16: could not call AWS: Connection refused",
                "record state in tags: could not call AWS: Connection refused");
        assertThat(result.of(RTB).orElseThrow().added()).isEmpty();
        assertThat(plan.tables().get(0).families().get(IpFamily.IPV4).changes().add()).as("the plan is not changed by applying")
                .containsExactly("13.32.0.0/15", "54.192.0.0/16");
    }

    @Test
    void aRouteCreatedByARetryThatHadSucceeded_shouldCountAsOwned_notFailed() throws Exception {
        Path file = ranges("two.json", PAST_TOKEN, List.of("13.32.0.0/15", "54.192.0.0/16"), List.of());
        RouteSync sync = sync();
        SyncPlan plan = ((RouteSync.Ready) sync.start(new RouteSync.RangesRequest(file.toString(), null), run(null).options()))
                .plan();
        ec2.createRoute(RTB, "13.32.0.0/15", NAT); // between the plan and the apply

        ApplyResult result = sync.apply(plan);

        assertThat(result.failed(RTB)).isEmpty();
        assertThat(result.of(RTB).orElseThrow().added()).containsExactly("54.192.0.0/16");
        assertThat(OwnershipTags.read(ec2.tags(RTB)).owned()).containsExactlyInAnyOrder("13.32.0.0/15", "54.192.0.0/16");
    }

    // ---- never through the NAT ----

    @ParameterizedTest
    @CsvSource({
        "4, 1 route",   // 50 → 0.0.0.0/0 before
        "6, 3 routes",  // 0.0.0.0/1, 128.0.0.0/2, 192.0.0.0/3 before: 10/8 and 192.168/16 through the NAT
        "30, 27 routes"})
    void fit_shouldRefuseWithTheMinimumRouteCount_andAddNothing_whenTheRoomCannotHoldASafeCover(int maxRoutes, String room) {
        Run r = run(full());
        r.strategy = RouteSync.Strategy.FIT;
        r.maxRoutes = maxRoutes;

        SyncReport report = r.go();

        assertThat(report.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(summary(report)).startsWith("CRITICAL: CLOUDFRONT needs at least 36 IPv4 routes with no route wider than /8")
                .contains("has room for " + room.split(" ")[0] + " ");
        assertThat(ec2.mutatingCalls()).isEmpty();
        assertThat(routesToNat()).containsExactly("192.0.2.0/24");
    }

    @Test
    void fit_shouldApplyACoverWithinTheFloor_andStateTheExtraAddresses_atTheMinimumRouteCount() throws Exception {
        Run r = run(full());
        r.strategy = RouteSync.Strategy.FIT;
        r.maxRoutes = 39; // room for 36, which route 151,689,083 extra addresses
        r.limits = new RouteSync.Limits(8, 32, BigInteger.valueOf(200_000_000), DEFAULT_LIMITS.maxExtraV6());

        JsonNode j = json(r.go());

        assertThat(j.path("status").asText()).isEqualTo("OK");
        assertThat(j.path("routesWanted").asInt()).isEqualTo(36);
        assertThat(j.path("extraAddresses").asLong()).isEqualTo(151_689_083L);
        for (String route : routesToNat()) {
            if (!route.equals("192.0.2.0/24")) {
                assertThat(Integer.parseInt(route.substring(route.indexOf('/') + 1))).as(route).isGreaterThanOrEqualTo(8);
                assertThat(SafeDestinations.globalOnly().refusal(route)).as(route).isEmpty();
            }
        }
    }

    @Test
    void fit_shouldRefuse_whenTheExtraAddressesExceedTheCeiling() {
        Run r = run(full());
        r.strategy = RouteSync.Strategy.FIT;
        r.maxRoutes = 50;
        r.limits = new RouteSync.Limits(8, 32, BigInteger.valueOf(1_000_000), DEFAULT_LIMITS.maxExtraV6());

        SyncReport report = r.go();

        assertThat(report.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(summary(report)).startsWith("CRITICAL: CLOUDFRONT fits in 47 IPv4 routes only by routing 67307899 extra addresses")
                .contains("ceiling of 1000000").contains("--max-extra-addresses");
        assertThat(ec2.mutatingCalls()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/8     |                | 10.0.0.0/8 is 10.0.0.0/8, private space (RFC 1918)",
        "0.0.0.0/0      |                | 0.0.0.0/0 is a default route",
        "192.168.0.0/16 |                | 192.168.0.0/16 is 192.168.0.0/16, private space (RFC 1918)",
        "100.64.0.0/10  |                | shared address space",
        "169.254.0.0/16 |                | link-local",
        "               | fc00::/7       | fc00::/7 is fc00::/7, unique local addresses (ULA)",
        "               | fe80::/10      | fe80::/10 is fe80::/10, link-local",
        "               | ::/0           | ::/0 is a default route",
        "52.84.0.0/15   |                | 52.84.0.0/15 contains 52.84.0.0/16, the VPC's own CIDR (vpc-0abc1234)",
        "               | 2600:1f18::/32 | 2600:1f18::/32 contains 2600:1f18:1234:5600::/56, the VPC's own CIDR"})
    void hostileRangesFile_shouldBeRefused_namingTheRouteAndWhy_andChangeNothing(String v4, String v6, String why)
            throws Exception {
        ec2.vpc(VPC, "10.0.0.0/16", "52.84.0.0/16", "2600:1f18:1234:5600::/56");
        ec2.gatewayRoute(RTB, "::/0", "igw-0123456789abcdef0"); // the table routes IPv6: plan it
        Path file = ranges("hostile.json", PAST_TOKEN, with(List.of("13.32.0.0/15", "54.192.0.0/16"), v4),
                with(List.of("2600:9000:1000::/36"), v6));

        SyncReport r = run(file.toString()).go();

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(summary(r)).startsWith("CRITICAL: " + RTB + ": the published ranges give the route ").contains(why)
                .endsWith("nothing changed");
        assertThat(ec2.mutatingCalls()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "EXACT | 12.0.0.0/6     |             | 12.0.0.0/6 is wider than /8 (--min-prefix-length)",
        "EXACT | 32.0.0.0/3     |             | 32.0.0.0/3 is wider than /8 (--min-prefix-length)",
        "EXACT | 8.0.0.0/7      |             | 8.0.0.0/7 is wider than /8 (--min-prefix-length)",
        "FIT   | 12.0.0.0/6     |             | 12.0.0.0/6 is wider than /8 (--min-prefix-length)",
        "EXACT |                | 2a00::/12   | 2a00::/12 is wider than /32 (--min-ipv6-prefix-length)",
        "FIT   |                | 2a00::/12   | 2a00::/12 is wider than /32 (--min-ipv6-prefix-length)"})
    void publishedRouteWiderThanTheFloor_shouldBeCritical_namingTheRouteAndTheFloor_andChangeNothing(
            RouteSync.Strategy strategy, String v4, String v6, String why) throws Exception {
        ec2.gatewayRoute(RTB, "::/0", "igw-0123456789abcdef0"); // the table routes IPv6: plan it
        Path file = ranges("wide.json", PAST_TOKEN, with(List.of("13.32.0.0/15", "54.192.0.0/16"), v4),
                with(List.of("2600:9000:1000::/36"), v6));
        Run r = run(file.toString());
        r.strategy = strategy;

        SyncReport report = r.go();

        assertThat(report.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(summary(report)).startsWith("CRITICAL: " + RTB + ": ").contains(why).endsWith("nothing changed");
        assertThat(ec2.mutatingCalls()).isEmpty();
        assertThat(routesToNat()).containsExactly("192.0.2.0/24");
    }

    static List<String> with(List<String> base, String extra) {
        List<String> all = new ArrayList<>(base);
        if (extra != null) {
            all.add(extra);
        }
        return all;
    }

    @ParameterizedTest
    @CsvSource({"7, 32", "0, 32", "-1, 32", "33, 32", "8, 15", "8, 0", "8, 129"})
    void floorBelowItsHardMinimum_shouldBeRefusedByTheLimits(int v4, int v6) {
        assertThat(catchThrowable(() -> new RouteSync.Limits(v4, v6, BigInteger.ONE,
                BigInteger.ONE))).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- services and families ----

    @Test
    void ipv4OnlyService_shouldBeSynced() {
        Run r = run(full());
        r.service = "DYNAMODB";

        SyncReport report = r.go();

        assertThat(report.status()).isEqualTo(CheckStatus.OK);
        assertThat(summary(report)).startsWith("OK: DYNAMODB syncToken 1787433425, exact: added ");
        assertThat(ec2.calls("createRoute")).isNotEmpty();
    }

    @Test
    void emptyIpv6List_shouldNotBreakCloudFront_andLeaveIpv6RoutesAlone() throws Exception {
        ec2.route(RTB, "2600:9000::/28", NAT);
        Path file = ranges("v4only.json", PAST_TOKEN, List.of("13.32.0.0/15", "54.192.0.0/16"), List.of());

        SyncReport r = run(file.toString()).go();

        assertThat(r.status()).isEqualTo(CheckStatus.OK);
        assertThat(summary(r)).isEqualTo("OK: CLOUDFRONT syncToken 1787433425, exact: added 2, removed 0 routes");
        assertThat(routesToNat()).containsExactlyInAnyOrder("13.32.0.0/15", "54.192.0.0/16", "192.0.2.0/24", "2600:9000::/28");
    }

    @Test
    void aConflictingRoute_shouldBeAWarning_notOverwritten() {
        ec2.route(RTB, "13.32.0.0/15", OTHER_NAT);

        SyncReport r = run(full()).go();

        assertThat(r.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(summary(r)).startsWith("WARNING: " + RTB + ": cannot route 13.32.0.0/15 to the NAT gateway: the route table "
                + "already sends it to " + OTHER_NAT + "; CLOUDFRONT syncToken 1787433425, exact: added 179, removed 0 routes");
        assertThat(ec2.routes(RTB)).contains(new CurrentRoute("13.32.0.0/15", OTHER_NAT, null, "CreateRoute", "active"));
    }

    // ---- what the report says ----

    @Test
    void controlCharactersFromTheRangesFile_shouldNeverReachTheTerminalRaw() throws Exception {
        Path file = ranges("esc.json", PAST_TOKEN, List.of("13.32.0.0/15\u001b]0;owned\u0007\r\u202e"), List.of());
        Run service = run(full());
        service.service = "CLOUD\u001b[2J\u202eFRONT";

        SyncReport r = run(file.toString()).go();
        SyncReport s = service.go();

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(r.textLines()).singleElement().asString().doesNotContain("\u001b", "\u0007", "\r", "\u202e")
                .contains("\\u001B]0;owned\\u0007\\u000D\\u202E");
        assertThat(s.status()).isEqualTo(CheckStatus.CRITICAL);
        String doc = json.writeValueAsString(s.json(json));
        assertThat(doc).doesNotContain("\u001b", "\u202e");
        assertThat(json.readTree(doc).path("summary").asText()).contains("CLOUD\\u001B[2J\\u202EFRONT").doesNotContain("\u001b");
        assertThat(ec2.mutatingCalls()).isEmpty();
    }

    @Test
    void json_shouldKeepItsFieldsAndTheirOrder_withAPlanAndWithout() throws Exception {
        JsonNode planned = json(run(full()).go());
        Run bad = run(full());
        bad.tables = List.of("rtb-0fffffff");
        JsonNode stopped = json(bad.go());

        assertThat(planned.fieldNames()).toIterable().containsExactly("status", "summary", "strategy", "syncToken", "add",
                "remove", "routesWanted", "extraAddresses", "keep", "tables", "applied", "uncoveredHosts", "problems");
        assertThat(planned.path("tables").get(0).fieldNames()).toIterable().containsExactly("routeTableId", "skipped", "add",
                "remove", "keep", "failed");
        assertThat(planned.path("tables").get(0).path("add")).hasSize(180);
        assertThat(planned.path("keep").asInt()).isZero();
        assertThat(stopped.fieldNames()).toIterable().containsExactly("status", "summary", "strategy", "syncToken", "applied",
                "uncoveredHosts", "problems");
        assertThat(stopped.path("syncToken").isNull()).isTrue();
    }

    @Test
    void refusedPlan_shouldListEveryProblem_inTheTextAndTheJson() throws Exception {
        ec2.table("rtb-0b1b2c3d", "vpc-0other00");
        Run r = run(full());
        r.tables = List.of(RTB, "rtb-0b1b2c3d");
        r.maxRoutes = 50;

        SyncReport report = r.go();

        assertThat(summary(report)).startsWith("CRITICAL: CLOUDFRONT needs 180 IPv4 routes").endsWith("(+1 more)");
        assertThat(report.textLines()).hasSize(3).element(2).asString().startsWith("  ✗ NAT gateway " + NAT + " is in " + VPC);
        assertThat(json(report).path("problems")).hasSize(2);
        assertThat(ec2.mutatingCalls()).isEmpty();
    }
}
