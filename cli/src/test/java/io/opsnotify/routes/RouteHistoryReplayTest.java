package io.opsnotify.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Nine years of CloudFront ranges, quarter by quarter, through plan-and-apply on an in-memory route table. */
class RouteHistoryReplayTest {
    @Test
    void replay_shouldConvergeEveryQuarter_andKeepForeignRoutes_whenFittingIpv4Into50Routes() {
        replay(IpFamily.IPV4, 50);
    }

    @Test
    void replay_shouldConvergeEveryQuarter_andKeepForeignRoutes_whenRoutingIpv6Exactly() {
        replay(IpFamily.IPV6, RouteCover.MAX_ROUTES_PER_TABLE);
    }

    private static void replay(IpFamily family, int maxRoutes) {
        List<CurrentRoute> foreign = RoutePlanTest.foreignRoutes();
        List<CurrentRoute> table = new ArrayList<>(foreign);
        Set<String> owned = new HashSet<>();
        List<Path> slices = RangesFixtures.history();
        int added = 0;
        int removed = 0;

        for (Path slice : slices) {
            List<String> ranges = IpRangesParser.parse(RangesFixtures.bytes(slice)).cidrs("CLOUDFRONT", family);
            Cover cover = RouteCover.fit(ranges, maxRoutes);

            RoutePlan plan = RoutePlan.plan(family, cover.routes(), ranges, table, RoutePlanTest.NAT, owned);
            apply(plan, table);
            owned = new HashSet<>(cover.routes());
            added += plan.add().size();
            removed += plan.remove().size();
            RoutePlan again = RoutePlan.plan(family, cover.routes(), ranges, table, RoutePlanTest.NAT, owned);

            String at = RangesFixtures.date(slice);
            assertThat(again.isEmpty()).as("re-plan after applying %s", at).isTrue();
            assertThat(plan.conflicts()).as(at).isEmpty();
            assertThat(table).as(at).containsAll(foreign);
            assertThat(ours(table, family, foreign)).as(at).containsExactlyInAnyOrderElementsOf(cover.routes());
            assertThat(cover.routes()).as(at).hasSizeLessThanOrEqualTo(maxRoutes);
        }

        System.out.printf("%s replay over %d quarters: %d routes added, %d removed%n", family, slices.size(), added, removed);
        assertThat(removed).isPositive();
    }

    private static void apply(RoutePlan plan, List<CurrentRoute> table) {
        table.removeIf(r -> RoutePlanTest.NAT.equals(r.natGatewayId()) && plan.remove().contains(r.destination()));
        plan.add().forEach(cidr -> table.add(RoutePlanTest.toNat(cidr)));
    }

    /** Destinations routed to the NAT gateway that are not among the foreign routes, of one family. */
    private static List<String> ours(List<CurrentRoute> table, IpFamily family, List<CurrentRoute> foreign) {
        return table.stream()
                .filter(r -> !foreign.contains(r))
                .filter(r -> RoutePlanTest.NAT.equals(r.natGatewayId()))
                .map(CurrentRoute::destination)
                .filter(d -> d.contains(":") == (family == IpFamily.IPV6))
                .toList();
    }
}
