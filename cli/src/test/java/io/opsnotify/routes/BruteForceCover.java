package io.opsnotify.routes;

import java.util.function.Predicate;
import inet.ipaddr.IPAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The optimum K-route cover by exhaustion, independent of {@link RouteCover}'s trie: every cover
 * with at most K routes can be shrunk to one route per group of a partition of the prefixes (the
 * smallest block holding the group), without routing more addresses. So enumerating every set
 * partition of the raw prefixes (Bell(8) = 4,140 for 8) and measuring the union of its routes with
 * the library gives the optimum for each number of routes. Overlapping routes are allowed here.
 */
final class BruteForceCover {
    private BruteForceCover() {
    }

    /** result[k] = fewest extra addresses with at most k routes, for k = 1..n. */
    static BigInteger[] optimumByRouteCount(List<String> cidrs) {
        List<IPAddress> prefixes = cidrs.stream().map(RouteCoverTest::block).toList();
        int n = prefixes.size();
        BigInteger covered = union(prefixes);
        BigInteger[] best = new BigInteger[n + 1];
        int[] group = new int[n];
        enumerate(prefixes, group, 1, 1, covered, best);
        for (int k = 2; k <= n; k++) {
            if (best[k] == null || best[k - 1].compareTo(best[k]) < 0) {
                best[k] = best[k - 1];
            }
        }
        return best;
    }

    /**
     * Fewest extra addresses with at most k routes, each route either accepted by {@code allowed}
     * or inside the published addresses (no extra address); null when no such cover exists.
     */
    static BigInteger bestExtra(List<String> cidrs, int k, Predicate<IPAddress> allowed) {
        List<IPAddress> prefixes = cidrs.stream().map(RouteCoverTest::block).toList();
        IPAddress[] merged = prefixes.get(0).mergeToPrefixBlocks(prefixes.subList(1, prefixes.size()).toArray(IPAddress[]::new));
        BigInteger covered = union(prefixes);
        BigInteger[] best = new BigInteger[1];
        int[] group = new int[prefixes.size()];
        enumerateAllowed(prefixes, group, 1, 1, k, covered, best,
                r -> allowed.test(r) || Arrays.stream(merged).anyMatch(m -> m.contains(r)));
        return best[0];
    }

    private static void enumerateAllowed(List<IPAddress> prefixes, int[] group, int index, int groups, int k, BigInteger covered,
                                         BigInteger[] best, Predicate<IPAddress> allowed) {
        if (groups > k) {
            return;
        }
        if (index == prefixes.size()) {
            IPAddress[] routes = new IPAddress[groups];
            for (int i = 0; i < prefixes.size(); i++) {
                IPAddress p = prefixes.get(i);
                routes[group[i]] = routes[group[i]] == null ? p : routes[group[i]].coverWithPrefixBlock(p);
            }
            if (!Arrays.stream(routes).allMatch(allowed)) {
                return;
            }
            BigInteger extra = union(Arrays.asList(routes)).subtract(covered);
            if (best[0] == null || extra.compareTo(best[0]) < 0) {
                best[0] = extra;
            }
            return;
        }
        for (int g = 0; g <= groups; g++) {
            group[index] = g;
            enumerateAllowed(prefixes, group, index + 1, Math.max(groups, g + 1), k, covered, best, allowed);
        }
    }

    /** Restricted growth strings: group[0] = 0, group[i] <= max(group[0..i-1]) + 1. */
    private static void enumerate(List<IPAddress> prefixes, int[] group, int index, int groups, BigInteger covered,
                                  BigInteger[] best) {
        if (index == prefixes.size()) {
            IPAddress[] routes = new IPAddress[groups];
            for (int i = 0; i < prefixes.size(); i++) {
                IPAddress p = prefixes.get(i);
                routes[group[i]] = routes[group[i]] == null ? p : routes[group[i]].coverWithPrefixBlock(p);
            }
            BigInteger extra = union(Arrays.asList(routes)).subtract(covered);
            if (best[groups] == null || extra.compareTo(best[groups]) < 0) {
                best[groups] = extra;
            }
            return;
        }
        for (int g = 0; g <= groups; g++) {
            group[index] = g;
            enumerate(prefixes, group, index + 1, Math.max(groups, g + 1), covered, best);
        }
    }

    private static BigInteger union(List<IPAddress> blocks) {
        List<IPAddress> rest = new ArrayList<>(blocks.subList(1, blocks.size()));
        return Arrays.stream(blocks.get(0).mergeToPrefixBlocks(rest.toArray(IPAddress[]::new)))
                .map(IPAddress::getCount).reduce(BigInteger.ZERO, BigInteger::add);
    }
}
