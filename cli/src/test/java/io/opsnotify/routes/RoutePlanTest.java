package io.opsnotify.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutePlanTest {
    static final String NAT = "nat-0a1b2c3d4e5f60718";
    static final String OTHER_NAT = "nat-0ffeeffeeffeeffee";
    static final List<String> RANGES = List.of("13.32.0.0/15", "52.84.0.0/15", "205.251.192.0/19", "205.251.208.0/20");

    static CurrentRoute toNat(String destination) {
        return new CurrentRoute(destination, NAT, null, "CreateRoute", "active");
    }

    /** Routes that are not opsnotify's, whatever the ranges and the owned set say. */
    static List<CurrentRoute> foreignRoutes() {
        return List.of(
                new CurrentRoute("172.31.0.0/16", null, "local", "CreateRouteTable", "active"),
                new CurrentRoute("0.0.0.0/0", NAT, null, "CreateRoute", "active"),
                new CurrentRoute("::/0", null, "igw-0123456789abcdef0", "CreateRoute", "active"),
                new CurrentRoute("10.20.0.0/16", null, null, "CreateRoute", "active"),              // VPC peering
                new CurrentRoute("52.84.0.0/16", OTHER_NAT, null, "CreateRoute", "active"),        // another NAT, inside the ranges
                new CurrentRoute("13.33.0.0/16", null, "igw-0123456789abcdef0", "CreateRoute", "active"),
                new CurrentRoute("205.251.200.0/21", null, "vgw-0123456789abcdef0", "EnableVgwRoutePropagation", "active"),
                new CurrentRoute("198.51.100.7/32", NAT, null, "CreateRoute", "active"),           // someone's own route to this NAT
                new CurrentRoute("pl-0123456789abcdef0", NAT, null, "CreateRoute", "active"));
    }

    @Test
    void plan_shouldLeaveForeignRoutesAlone_whenTheyOverlapTheRangesOrTargetThisNat() {
        List<String> desired = RouteCover.exact(RANGES);

        RoutePlan plan = RoutePlan.plan(IpFamily.IPV4, desired, RANGES, foreignRoutes(), NAT, Set.of());

        assertThat(desired).containsExactly("13.32.0.0/15", "52.84.0.0/15", "205.251.192.0/19");
        assertThat(plan.remove()).isEmpty();
        assertThat(plan.add()).containsExactly("13.32.0.0/15", "52.84.0.0/15", "205.251.192.0/19");
        assertThat(plan.keep()).isZero();
        assertThat(plan.conflicts()).isEmpty();
    }

    @Test
    void plan_shouldNeverRemoveDefaultLocalOrForeignRoutes_evenWhenTheOwnedStateClaimsThem() {
        Set<String> corruptOwned = Set.of("0.0.0.0/0", "172.31.0.0/16", "52.84.0.0/16", "10.20.0.0/16", "205.251.200.0/21");

        RoutePlan plan = RoutePlan.plan(IpFamily.IPV4, List.of("13.32.0.0/15"), RANGES, foreignRoutes(), NAT, corruptOwned);

        assertThat(plan.remove()).isEmpty();
        assertThat(plan.add()).containsExactly("13.32.0.0/15");
    }

    @Test
    void plan_shouldRemoveAPreviouslyOwnedRoute_whenItLeftTheRanges() {
        List<CurrentRoute> current = new ArrayList<>(foreignRoutes());
        current.add(toNat("13.32.0.0/15"));
        current.add(toNat("54.182.0.0/16"));   // CloudFront's once, no longer published

        RoutePlan plan = RoutePlan.plan(IpFamily.IPV4, List.of("13.32.0.0/15"), RANGES, current, NAT, Set.of("13.32.0.0/15", "54.182.0.0/16"));

        assertThat(plan.remove()).containsExactly("54.182.0.0/16");
        assertThat(plan.add()).isEmpty();
        assertThat(plan.keep()).isEqualTo(1);
    }

    @Test
    void plan_shouldRemoveARouteInsideTheRanges_whenACoarserDesiredRouteReplacesIt_withoutRememberedState() {
        List<CurrentRoute> current = List.of(toNat("205.251.192.0/20"), toNat("205.251.208.0/20"), toNat("198.51.100.7/32"));

        RoutePlan plan = RoutePlan.plan(IpFamily.IPV4, List.of("205.251.192.0/19"), RANGES, current, NAT, Set.of());

        assertThat(plan.add()).containsExactly("205.251.192.0/19");
        assertThat(plan.remove()).containsExactly("205.251.192.0/20", "205.251.208.0/20");
    }

    @Test
    void plan_shouldReportAConflict_whenADesiredCidrIsRoutedElsewhere() {
        List<CurrentRoute> current = List.of(new CurrentRoute("52.84.0.0/15", null, "igw-0123456789abcdef0", "CreateRoute", "active"));

        RoutePlan plan = RoutePlan.plan(IpFamily.IPV4, List.of("13.32.0.0/15", "52.84.0.0/15"), RANGES, current, NAT, Set.of("52.84.0.0/15"));

        assertThat(plan.add()).containsExactly("13.32.0.0/15");
        assertThat(plan.remove()).isEmpty();
        assertThat(plan.conflicts()).containsExactly(new RoutePlan.Conflict("52.84.0.0/15", "igw-0123456789abcdef0"));
        assertThat(plan.conflicts().get(0).message())
                .isEqualTo("cannot route 52.84.0.0/15 to the NAT gateway: the route table already sends it to igw-0123456789abcdef0");
    }

    @Test
    void plan_shouldChangeNothing_whenTheTableAlreadyHasTheDesiredRoutes() {
        List<String> desired = RouteCover.exact(RANGES);
        List<CurrentRoute> current = new ArrayList<>(foreignRoutes());
        desired.forEach(d -> current.add(toNat(d)));

        RoutePlan plan = RoutePlan.plan(IpFamily.IPV4, desired, RANGES, current, NAT, Set.copyOf(desired));

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.add()).isEmpty();
        assertThat(plan.remove()).isEmpty();
        assertThat(plan.keep()).isEqualTo(3);
    }

    @Test
    void plan_shouldIgnoreTheOtherFamily_whenPlanningIpv4() {
        List<CurrentRoute> current = List.of(toNat("2600:9000::/28"), toNat("13.32.0.0/15"));

        RoutePlan plan = RoutePlan.plan(IpFamily.IPV4, List.of("13.32.0.0/15"), RANGES, current, NAT, Set.of("2600:9000::/28"));

        assertThat(plan.remove()).isEmpty();
        assertThat(plan.keep()).isEqualTo(1);
    }

    @Test
    void plan_shouldMatchIpv6Destinations_writtenDifferently() {
        List<CurrentRoute> current = List.of(toNat("2600:9000:0000::/28"));

        RoutePlan plan = RoutePlan.plan(IpFamily.IPV6, List.of("2600:9000::/28"), List.of("2600:9000::/28"), current, NAT, Set.of());

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.keep()).isEqualTo(1);
    }
}
