package io.opsnotify.routes;

import inet.ipaddr.Address;
import inet.ipaddr.IPAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The routes to put in a route table so that a service's prefixes (one family at a time) go
 * through the NAT gateway.
 *
 * <p>{@link #exact} is the lossless set: the ipaddress library merges adjacent and nested blocks
 * ({@code mergeToPrefixBlocks}); CloudFront's 211 IPv4 prefixes of 2026-08-22 become 180 routes.
 *
 * <p>{@link #fit} squeezes them into at most K routes (50 by default per route table and family,
 * 1,000 at most) while routing the fewest extra addresses. This is the one piece of CIDR logic
 * written by hand here, because no library computes an optimal K-route cover: the ipaddress library
 * supplies parsing, containment, merging and the smallest block covering two others, and the
 * optimisation is a dynamic program over the binary trie of the merged blocks. For a trie node
 * (a prefix block), {@code best[node][k]} is the fewest extra addresses that cover the prefixes
 * below it with at most k routes: either one route equal to the node's block (extra = block size
 * minus covered addresses) or k split between the two children. Only branching nodes are kept
 * (a path compressed to the smallest block covering its prefixes): a route on a non-branching
 * node covers the same prefixes as the node below it with a larger block, so it is never better.
 * An optimal cover never needs overlapping routes or a route smaller than a merged block, so the
 * program is exact, not a heuristic. Ties are broken towards fewer routes. Counts are
 * {@link BigInteger}: an IPv6 block holds up to 2^128 addresses. Time O(n·min(n, K)) for n merged
 * blocks.
 */
public final class RouteCover {
    /** The route-table quota can be raised to 1,000 routes (quota L-93826ACB). */
    public static final int MAX_ROUTES_PER_TABLE = 1_000;

    /** By lowest address; the library's natural order sorts by block size first. */
    static final Comparator<IPAddress> BY_ADDRESS = Address.ADDRESS_LOW_VALUE_COMPARATOR::compare;

    private RouteCover() {
    }

    /**
     * The lossless cover: the prefixes merged into the fewest CIDR blocks of exactly the same addresses.
     *
     * @param cidrs CIDR blocks of one family (host bits zero), at least one
     * @return canonical CIDRs sorted by address
     */
    public static List<String> exact(Collection<String> cidrs) {
        return toStrings(merge(parse(cidrs)));
    }

    /**
     * The cover with at most {@code maxRoutes} routes that routes the fewest extra addresses, with
     * no constraint on the routes: with {@code maxRoutes} at least the size of {@link #exact}, that
     * set with no extra address; with K = 1 and CloudFront's IPv4 prefixes, {@code 0.0.0.0/0}.
     * sync-cf-routes never uses this form: it calls {@link #fit(Collection, int, Predicate)}.
     *
     * @throws IllegalArgumentException if {@code maxRoutes < 1}, or the CIDRs are empty, mixed or invalid
     */
    public static Cover fit(Collection<String> cidrs, int maxRoutes) {
        return fit(cidrs, maxRoutes, block -> true);
    }

    /**
     * The cover with at most {@code maxRoutes} routes, each either one of the merged blocks (exactly
     * published addresses) or a wider block that {@code allowed} accepts, that routes the fewest
     * extra addresses. The constraint is part of the optimisation, not a filter afterwards: a
     * wider block that is not allowed is simply not a candidate, so the result is the optimum among
     * allowed covers. This stays exact on the compressed trie when {@code allowed} is monotone (a
     * block that is refused stays refused when widened), as a prefix-length floor and "overlaps
     * nothing reserved" both are.
     *
     * @param allowed whether a route wider than the merged blocks may be used (e.g. at least /8
     *                and globally routable)
     * @throws CoverTooSmallException when no allowed cover has at most {@code maxRoutes} routes;
     *                                it carries the fewest routes that would do
     * @throws IllegalArgumentException if {@code maxRoutes < 1}, or the CIDRs are empty, mixed or invalid
     */
    public static Cover fit(Collection<String> cidrs, int maxRoutes, Predicate<IPAddress> allowed) {
        if (maxRoutes < 1) {
            throw new IllegalArgumentException("maxRoutes must be at least 1, was " + maxRoutes);
        }
        List<IPAddress> merged = merge(parse(cidrs));
        BigInteger covered = merged.stream().map(IPAddress::getCount).reduce(BigInteger.ZERO, BigInteger::add);
        if (maxRoutes >= merged.size()) {
            return new Cover(toStrings(merged), BigInteger.ZERO, covered);
        }
        Node root = Node.build(merged, 0, merged.size(), maxRoutes, allowed);
        if (root.minRoutes > maxRoutes) {
            throw new CoverTooSmallException(maxRoutes, root.minRoutes, merged.size());
        }
        List<IPAddress> routes = new ArrayList<>(maxRoutes);
        root.collect(maxRoutes, routes);
        routes.sort(BY_ADDRESS);
        return new Cover(toStrings(routes), root.extra[maxRoutes], covered);
    }

    /** No allowed cover fits in the routes available. */
    public static final class CoverTooSmallException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int maxRoutes;
        private final int minimumRoutes;

        CoverTooSmallException(int maxRoutes, int minimumRoutes, int exactRoutes) {
            super("no allowed cover fits in " + maxRoutes + " routes: at least " + minimumRoutes
                    + " are needed (" + exactRoutes + " without extra addresses)");
            this.maxRoutes = maxRoutes;
            this.minimumRoutes = minimumRoutes;
        }

        public int maxRoutes() {
            return maxRoutes;
        }

        /** The fewest routes of any allowed cover. */
        public int minimumRoutes() {
            return minimumRoutes;
        }
    }

    /** A branching node of the compressed trie, or a leaf (one merged block), with its DP table. */
    private static final class Node {
        private final IPAddress block;
        private final Node left;
        private final Node right;
        /** The fewest routes of an allowed cover of this subtree. */
        private int minRoutes;
        /**
         * Index k = 1..cap: fewest extra addresses with at most k routes (null: no allowed cover
         * with k routes); routes used; the split.
         */
        private final BigInteger[] extra;
        private final int[] used;
        private final int[] leftRoutes;
        private final int[] rightRoutes;

        private Node(IPAddress block, Node left, Node right, int cap) {
            this.block = block;
            this.left = left;
            this.right = right;
            this.extra = new BigInteger[cap + 1];
            this.used = new int[cap + 1];
            this.leftRoutes = new int[cap + 1];
            this.rightRoutes = new int[cap + 1];
        }

        /** Builds the subtree of the sorted, disjoint blocks [from, to) and fills its table up to maxRoutes. */
        static Node build(List<IPAddress> blocks, int from, int to, int maxRoutes, Predicate<IPAddress> allowed) {
            int cap = Math.min(to - from, maxRoutes);
            if (to - from == 1) {
                Node leaf = new Node(blocks.get(from), null, null, cap);
                leaf.extra[1] = BigInteger.ZERO; // a merged block: exactly published addresses, always a candidate
                leaf.used[1] = 1;
                leaf.minRoutes = 1;
                return leaf;
            }
            // The smallest block holding the first and the last holds them all; its two halves split them.
            IPAddress cover = blocks.get(from).coverWithPrefixBlock(blocks.get(to - 1));
            IPAddress lowerHalf = cover.getLower().toPrefixBlock(cover.getNetworkPrefixLength() + 1);
            int mid = from;
            while (mid < to && lowerHalf.contains(blocks.get(mid))) {
                mid++;
            }
            if (mid == from || mid == to) {
                throw new IllegalStateException("blocks are not sorted and disjoint at " + cover);
            }
            Node left = build(blocks, from, mid, maxRoutes, allowed);
            Node right = build(blocks, mid, to, maxRoutes, allowed);
            Node node = new Node(cover, left, right, cap);
            boolean single = allowed.test(cover);
            node.minRoutes = single ? 1 : (int) Math.min((long) left.minRoutes + right.minRoutes, Integer.MAX_VALUE);
            node.solve(blocks.subList(from, to), single);
            return node;
        }

        private void solve(List<IPAddress> below, boolean singleAllowed) {
            BigInteger covered = below.stream().map(IPAddress::getCount).reduce(BigInteger.ZERO, BigInteger::add);
            // k = 1: the node's own block is the only way, if it may be a route at all.
            extra[1] = singleAllowed ? block.getCount().subtract(covered) : null;
            used[1] = singleAllowed ? 1 : 0;
            int capLeft = left.extra.length - 1;
            int capRight = right.extra.length - 1;
            for (int k = 2; k < extra.length; k++) {
                // At most k routes: no worse than with k - 1 (the single block is already in there).
                extra[k] = extra[k - 1];
                used[k] = used[k - 1];
                leftRoutes[k] = leftRoutes[k - 1];
                rightRoutes[k] = rightRoutes[k - 1];
                for (int j = Math.max(1, k - capRight); j <= Math.min(capLeft, k - 1); j++) {
                    int r = k - j;
                    if (left.extra[j] == null || right.extra[r] == null) {
                        continue; // no allowed cover of a side with that many routes
                    }
                    BigInteger candidate = left.extra[j].add(right.extra[r]);
                    int routes = left.used[j] + right.used[r];
                    if (extra[k] == null || candidate.compareTo(extra[k]) < 0
                            || (candidate.compareTo(extra[k]) == 0 && routes < used[k])) {
                        extra[k] = candidate;
                        used[k] = routes;
                        leftRoutes[k] = j;
                        rightRoutes[k] = r;
                    }
                }
            }
        }

        void collect(int k, List<IPAddress> out) {
            int budget = Math.min(k, extra.length - 1);
            if (left == null || leftRoutes[budget] == 0) {
                out.add(block);
                return;
            }
            left.collect(leftRoutes[budget], out);
            right.collect(rightRoutes[budget], out);
        }
    }

    static List<IPAddress> parse(Collection<String> cidrs) {
        if (cidrs == null || cidrs.isEmpty()) {
            throw new IllegalArgumentException("no prefixes to cover");
        }
        List<IPAddress> blocks = new ArrayList<>(cidrs.size());
        IpFamily family = null;
        for (String cidr : cidrs) {
            IPAddress block = Cidrs.parseBlock(cidr);
            if (family == null) {
                family = IpFamily.of(block);
            } else if (family != IpFamily.of(block)) {
                throw new IllegalArgumentException("mixed address families: \"" + cidr + "\" is not " + family
                        + "; cover IPv4 and IPv6 separately");
            }
            blocks.add(block);
        }
        return blocks;
    }

    /** Lossless merge by the library; the result is sorted by address. */
    static List<IPAddress> merge(List<IPAddress> blocks) {
        IPAddress[] rest = blocks.subList(1, blocks.size()).toArray(IPAddress[]::new);
        IPAddress[] merged = blocks.get(0).mergeToPrefixBlocks(rest);
        Arrays.sort(merged, BY_ADDRESS);
        return List.of(merged);
    }

    private static List<String> toStrings(List<IPAddress> blocks) {
        return blocks.stream().map(Cidrs::canonical).toList();
    }
}
