package io.opsnotify.routes;

import java.util.function.Predicate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RouteCoverTest {
    /** Lossless CloudFront IPv4 route counts per quarterly snapshot, as computed and checked once by hand. */
    private static final Map<String, Integer> EXACT_PER_QUARTER = new LinkedHashMap<>();

    static {
        String[] rows = {
            "2017-09-28 41", "2017-12-21 44", "2018-03-29 48", "2018-06-28 50", "2018-09-28 53", "2018-12-28 56",
            "2019-03-29 58", "2019-06-30 59", "2019-09-04 63", "2019-12-20 64", "2020-03-31 66", "2020-06-30 95",
            "2020-09-30 116", "2020-12-31 117", "2021-03-31 119", "2021-06-30 122", "2021-09-30 122", "2021-12-30 122",
            "2022-03-29 128", "2022-06-30 128", "2022-09-30 129", "2022-12-30 130", "2023-03-31 139", "2023-06-30 136",
            "2023-09-29 138", "2023-12-29 138", "2024-03-29 155", "2024-06-30 156", "2024-09-30 158", "2024-12-26 160",
            "2025-03-31 164", "2025-06-27 169", "2025-09-30 171", "2025-12-31 172", "2026-03-31 176", "2026-06-30 179",
            "2026-08-22 180"};
        for (String row : rows) {
            String[] parts = row.split(" ");
            EXACT_PER_QUARTER.put(parts[0], Integer.parseInt(parts[1]));
        }
    }

    /** The optimum for CloudFront IPv4 of 2026-08-22 in 50 routes, found by fit and checked against K = 179/180. */
    private static final BigInteger OPTIMUM_EXTRA_2026_08_22_K50 = BigInteger.valueOf(57_903_483L);

    @Test
    void exact_shouldGive180Routes_whenCloudFrontIpv4Of2026_08_22() {
        List<String> prefixes = RangesFixtures.full().cidrs("CLOUDFRONT", IpFamily.IPV4);

        List<String> routes = RouteCover.exact(prefixes);

        assertThat(prefixes).hasSize(211);
        assertThat(routes).hasSize(180);
        assertCovers(routes, prefixes);
        assertThat(total(routes)).isEqualTo(union(prefixes));
    }

    @Test
    void exact_shouldGiveTheRecordedCountPerQuarter_andNeverMoreRoutesThanPrefixes() {
        Map<String, Integer> observed = new LinkedHashMap<>();

        for (Path slice : RangesFixtures.history()) {
            IpRanges ranges = IpRangesParser.parse(RangesFixtures.bytes(slice));
            List<String> prefixes = ranges.cidrs("CLOUDFRONT", IpFamily.IPV4);
            List<String> routes = RouteCover.exact(prefixes);
            observed.put(RangesFixtures.date(slice), routes.size());
            System.out.printf("%s CLOUDFRONT IPv4 prefixes=%d exact=%d%n", RangesFixtures.date(slice), prefixes.size(), routes.size());
            assertThat(routes.size()).as(slice.toString()).isLessThanOrEqualTo(prefixes.size());
            assertThat(total(routes)).as(slice.toString()).isEqualTo(union(prefixes));
            assertCovers(routes, prefixes);
        }

        assertThat(observed).containsExactlyEntriesOf(EXACT_PER_QUARTER);
    }

    @Test
    void exact_shouldMergeAdjacentAndNestedBlocks_andKeepDisjointOnes() {
        List<String> prefixes = List.of("10.0.1.0/24", "10.0.0.0/24", "10.0.0.128/25", "10.0.3.0/24", "192.0.2.0/26");

        List<String> routes = RouteCover.exact(prefixes);

        assertThat(routes).containsExactly("10.0.0.0/23", "10.0.3.0/24", "192.0.2.0/26");
    }

    @Test
    void exact_shouldReject_whenFamiliesAreMixed() {
        List<String> prefixes = List.of("13.32.0.0/15", "2600:9000::/28");

        assertThatThrownBy(() -> RouteCover.exact(prefixes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mixed address families");
    }

    @Test
    void fit_shouldCoverEveryPrefixIn50Routes_withTheOptimumExtra_whenCloudFrontIpv4Of2026_08_22() {
        List<String> prefixes = RangesFixtures.full().cidrs("CLOUDFRONT", IpFamily.IPV4);

        Cover cover = RouteCover.fit(prefixes, 50);

        assertThat(cover.routes()).hasSizeLessThanOrEqualTo(50);
        assertCovers(cover.routes(), prefixes);
        assertThat(cover.extraAddresses()).isEqualTo(OPTIMUM_EXTRA_2026_08_22_K50);
        assertThat(cover.coveredAddresses()).isEqualTo(union(prefixes)).isEqualTo(BigInteger.valueOf(4_224_645L));
        assertThat(total(cover.routes())).isEqualTo(cover.coveredAddresses().add(cover.extraAddresses()));
        assertThat(cover.routes()).isSortedAccordingTo((a, b) -> RouteCover.BY_ADDRESS.compare(block(a), block(b)));
    }

    @Test
    void fit_shouldNeedFewExtraAddressesAt179_andNoneAt180_whenCloudFrontIpv4Of2026_08_22() {
        List<String> prefixes = RangesFixtures.full().cidrs("CLOUDFRONT", IpFamily.IPV4);

        Cover at179 = RouteCover.fit(prefixes, 179);
        Cover at180 = RouteCover.fit(prefixes, 180);

        assertThat(at179.routes()).hasSize(179);
        assertThat(at179.extraAddresses()).isEqualTo(BigInteger.valueOf(32));
        assertCovers(at179.routes(), prefixes);
        assertThat(at180.extraAddresses()).isZero();
        assertThat(at180.routes()).isEqualTo(RouteCover.exact(prefixes));
        assertThat(at179.extraAddresses()).isLessThan(OPTIMUM_EXTRA_2026_08_22_K50);
    }

    @Test
    void fit_shouldCoverIpv6WithBigCounts_whenCloudFrontIpv6Of2026_08_22() {
        List<String> prefixes = RangesFixtures.full().cidrs("CLOUDFRONT", IpFamily.IPV6);

        Cover cover = RouteCover.fit(prefixes, 5);

        assertThat(cover.routes()).hasSizeLessThanOrEqualTo(5);
        assertCovers(cover.routes(), prefixes);
        assertThat(cover.extraAddresses()).isGreaterThan(BigInteger.valueOf(Long.MAX_VALUE));
        assertThat(total(cover.routes())).isEqualTo(cover.coveredAddresses().add(cover.extraAddresses()));
    }

    /** What sync-cf-routes allows fit to widen to: no route wider than /8, none touching reserved or private space. */
    private static final Predicate<IPAddress> FLOOR_8_SAFE =
            b -> b.getNetworkPrefixLength() >= 8 && SafeDestinations.globalOnly().allows(b);

    @Test
    void fit_shouldNotRouteTheDefaultRouteOrPrivateSpace_whenOnlyAFewRoutesAreAllowed_underTheFloor() {
        List<String> prefixes = RangesFixtures.full().cidrs("CLOUDFRONT", IpFamily.IPV4);

        assertThat(RouteCover.fit(prefixes, 1).routes()).containsExactly("0.0.0.0/0"); // unconstrained: the defect
        assertThatThrownBy(() -> RouteCover.fit(prefixes, 1, FLOOR_8_SAFE))
                .isInstanceOfSatisfying(RouteCover.CoverTooSmallException.class, e -> {
                    assertThat(e.maxRoutes()).isEqualTo(1);
                    assertThat(e.minimumRoutes()).isGreaterThan(3);
                });
        assertThatThrownBy(() -> RouteCover.fit(prefixes, 3, FLOOR_8_SAFE)).isInstanceOf(RouteCover.CoverTooSmallException.class);
    }

    @Test
    void fit_shouldFindTheOptimumAmongAllowedCovers_atTheMinimumNumberOfRoutes_andMatchBruteForce() {
        List<String> prefixes = RangesFixtures.full().cidrs("CLOUDFRONT", IpFamily.IPV4);
        int min;
        try {
            RouteCover.fit(prefixes, 1, FLOOR_8_SAFE);
            throw new AssertionError("one route cannot be allowed");
        } catch (RouteCover.CoverTooSmallException e) {
            min = e.minimumRoutes();
        }

        Cover atMin = RouteCover.fit(prefixes, min, FLOOR_8_SAFE);

        assertThat(atMin.routes()).hasSizeLessThanOrEqualTo(min);
        assertCovers(atMin.routes(), prefixes);
        atMin.routes().forEach(r -> assertThat(FLOOR_8_SAFE.test(block(r)) || RouteCover.exact(prefixes).contains(r)).as(r).isTrue());
        assertThatThrownBy(() -> RouteCover.fit(prefixes, min - 1, FLOOR_8_SAFE))
                .isInstanceOf(RouteCover.CoverTooSmallException.class);
    }

    @Test
    void fit_shouldEqualTheBruteForceOptimum_underAFloor_onRandomSmallIpv4Sets() {
        Random random = new Random(99);
        for (int round = 0; round < 150; round++) {
            List<String> prefixes = new ArrayList<>();
            int n = 2 + random.nextInt(6);
            for (int i = 0; i < n; i++) {
                int len = 20 + random.nextInt(9);
                int addr = (random.nextInt(1 << 12) << 20) | (random.nextInt(1 << 20));
                IPAddress a = new IPAddressString(((addr >>> 24) & 255) + "." + ((addr >>> 16) & 255) + "." + ((addr >>> 8) & 255)
                        + "." + (addr & 255) + "/" + len).getAddress().toPrefixBlock();
                prefixes.add(a.toCanonicalString());
            }
            int floor = 4 + random.nextInt(16);
            Predicate<IPAddress> allowed = b -> b.getNetworkPrefixLength() >= floor;
            int k = 1 + random.nextInt(4);
            BigInteger brute = BruteForceCover.bestExtra(prefixes, k, allowed);
            if (brute == null) {
                assertThatThrownBy(() -> RouteCover.fit(prefixes, k, allowed)).as(prefixes + " k=" + k + " floor=" + floor)
                        .isInstanceOf(RouteCover.CoverTooSmallException.class);
            } else {
                Cover c = RouteCover.fit(prefixes, k, allowed);
                assertThat(c.extraAddresses()).as(prefixes + " k=" + k + " floor=" + floor).isEqualTo(brute);
                assertCovers(c.routes(), prefixes);
            }
        }
    }

    /** Measured for docs/routes.md: CloudFront IPv4 of 2026-08-22, before and after the floor (/8) and the safe-space rule. */
    @Test
    void fit_measured_cloudFrontIpv4Of2026_08_22_withAndWithoutTheFloor() {
        List<String> prefixes = RangesFixtures.full().cidrs("CLOUDFRONT", IpFamily.IPV4);

        Cover free50 = RouteCover.fit(prefixes, 50);
        Cover floored50 = RouteCover.fit(prefixes, 50, FLOOR_8_SAFE);
        Cover floored47 = RouteCover.fit(prefixes, 47, FLOOR_8_SAFE);
        Cover floored36 = RouteCover.fit(prefixes, 36, FLOOR_8_SAFE);

        assertThat(free50.routes()).hasSize(50);
        assertThat(free50.extraAddresses()).isEqualTo(OPTIMUM_EXTRA_2026_08_22_K50);
        assertThat(floored50.routes()).isEqualTo(free50.routes()); // at K = 50 the floor costs nothing: the widest route is a /8
        assertThat(widest(floored50)).isEqualTo(8);
        assertThat(floored47.extraAddresses()).isEqualTo(BigInteger.valueOf(67_307_899L));
        assertThat(floored36.routes()).hasSize(36);
        assertThat(floored36.extraAddresses()).isEqualTo(BigInteger.valueOf(151_689_083L));
        assertThatThrownBy(() -> RouteCover.fit(prefixes, 35, FLOOR_8_SAFE))
                .isInstanceOfSatisfying(RouteCover.CoverTooSmallException.class, e -> assertThat(e.minimumRoutes()).isEqualTo(36));
        assertThat(RouteCover.fit(prefixes, 3).routes()).containsExactly("0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3"); // before
    }

    private static int widest(Cover c) {
        return c.routes().stream().mapToInt(r -> block(r).getNetworkPrefixLength()).min().orElse(-1);
    }

    @Test
    void fit_shouldEqualTheBruteForceOptimum_onRandomSmallIpv4Sets() {
        Random random = new Random(20260822L);
        int compared = 0;

        for (int run = 0; run < 200; run++) {
            List<String> prefixes = randomIpv4Prefixes(random, 1 + random.nextInt(8));
            BigInteger[] brute = BruteForceCover.optimumByRouteCount(prefixes);
            for (int k = 1; k <= prefixes.size(); k++) {
                Cover cover = RouteCover.fit(prefixes, k);
                assertThat(cover.extraAddresses()).as("run %d, K=%d, %s", run, k, prefixes).isEqualTo(brute[k]);
                assertThat(cover.routes()).hasSizeLessThanOrEqualTo(k);
                assertCovers(cover.routes(), prefixes);
                assertThat(total(cover.routes())).isEqualTo(cover.coveredAddresses().add(cover.extraAddresses()));
                compared++;
            }
        }

        System.out.println("fit vs brute force: " + compared + " (set, K) pairs compared");
        assertThat(compared).isGreaterThanOrEqualTo(200);
    }

    @Test
    void fit_shouldEqualTheBruteForceOptimum_onRandomSmallIpv6Sets() {
        Random random = new Random(2600_9000L);

        for (int run = 0; run < 40; run++) {
            List<String> prefixes = new ArrayList<>();
            int n = 1 + random.nextInt(6);
            for (int i = 0; i < n; i++) {
                String address = String.format("2600:9000:%x:%x::", random.nextInt(4), random.nextInt(0x10000));
                prefixes.add(block(address + "/" + (40 + random.nextInt(25))).toPrefixBlock().toCanonicalString());
            }
            BigInteger[] brute = BruteForceCover.optimumByRouteCount(prefixes);
            for (int k = 1; k <= n; k++) {
                assertThat(RouteCover.fit(prefixes, k).extraAddresses()).as("%s K=%d", prefixes, k).isEqualTo(brute[k]);
            }
        }
    }

    @Test
    void fit_shouldReturnTheExactCover_whenMaxRoutesIsAtLeastItsSize() {
        List<String> prefixes = List.of("10.0.0.0/24", "10.0.1.0/24", "10.0.4.0/24");

        Cover cover = RouteCover.fit(prefixes, 2);

        assertThat(cover.routes()).containsExactly("10.0.0.0/23", "10.0.4.0/24");
        assertThat(cover.extraAddresses()).isZero();
        assertThat(cover.coveredAddresses()).isEqualTo(BigInteger.valueOf(768));
    }

    @Test
    void fit_shouldChooseTheSmallestEnclosingBlock_whenOnlyOneRouteIsAllowed() {
        List<String> prefixes = List.of("10.0.0.0/24", "10.0.1.0/24", "10.0.4.0/24");

        Cover cover = RouteCover.fit(prefixes, 1);

        assertThat(cover.routes()).containsExactly("10.0.0.0/21");
        assertThat(cover.extraAddresses()).isEqualTo(BigInteger.valueOf(2048 - 768));
    }

    @Test
    void fit_shouldReject_whenMaxRoutesIsBelowOne() {
        List<String> prefixes = List.of("10.0.0.0/24");

        assertThatThrownBy(() -> RouteCover.fit(prefixes, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRoutes must be at least 1, was 0");
    }

    @Test
    void fit_shouldReject_whenAPrefixHasHostBits() {
        List<String> prefixes = List.of("10.0.0.1/24");

        assertThatThrownBy(() -> RouteCover.fit(prefixes, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host bits");
    }

    /** n random /24../28 blocks inside one random /16 (they may nest, touch or repeat). */
    private static List<String> randomIpv4Prefixes(Random random, int n) {
        int a = 1 + random.nextInt(223);
        int b = random.nextInt(256);
        List<String> prefixes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String address = a + "." + b + "." + random.nextInt(8) + "." + random.nextInt(256);
            prefixes.add(block(address + "/" + (24 + random.nextInt(5))).toPrefixBlock().toCanonicalString());
        }
        return prefixes;
    }

    static IPAddress block(String cidr) {
        return new IPAddressString(cidr).getAddress();
    }

    /** Every prefix lies inside one of the routes (checked with the library). */
    static void assertCovers(List<String> routes, List<String> prefixes) {
        List<IPAddress> blocks = routes.stream().map(RouteCoverTest::block).toList();
        for (String prefix : prefixes) {
            IPAddress p = block(prefix);
            assertThat(blocks.stream().anyMatch(r -> r.contains(p))).as("%s covered by %s", prefix, routes).isTrue();
        }
    }

    /** Addresses in the union of the blocks (merged by the library, so overlaps count once). */
    static BigInteger union(List<String> cidrs) {
        IPAddress[] blocks = cidrs.stream().map(RouteCoverTest::block).toArray(IPAddress[]::new);
        return Arrays.stream(blocks[0].mergeToPrefixBlocks(blocks)).map(IPAddress::getCount)
                .reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** Sum of the block sizes: equal to {@link #union} only if the routes do not overlap. */
    static BigInteger total(List<String> cidrs) {
        return cidrs.stream().map(c -> block(c).getCount()).reduce(BigInteger.ZERO, BigInteger::add);
    }
}
