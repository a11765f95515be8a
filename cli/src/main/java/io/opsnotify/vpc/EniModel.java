package io.opsnotify.vpc;

import java.util.Collection;
import java.util.Set;

/**
 * How many ENIs (one subnet address each) a Lambda function in a VPC needs, then and now.
 *
 * <ul>
 *   <li><b>Today (Hyperplane, since 2019):</b> one ENI per unique (subnet, security-group set)
 *       combination, shared by every function with that combination. A subnet therefore needs one
 *       more ENI unless a Lambda ENI with exactly the function's security groups (compared as a
 *       set) is already there.</li>
 *   <li><b>Legacy (2015-2019):</b> about peak concurrency × memory / 3 GB ENIs for the function,
 *       spread over its subnets: {@code ceil(concurrency × memoryMb / 3072)} in total, and
 *       {@code ceil(total / subnets)} per subnet.</li>
 * </ul>
 *
 * <p>Headroom is not part of these numbers: the check keeps {@link CheckSettings#headroom()}
 * addresses (default 1) free per subnet on top, so that Lambda can create a replacement or an
 * additional ENI for a combination before the old one gives its address back. Legacy needs are
 * not reduced by existing Lambda ENIs (the formula is already the peak: conservative).
 */
public final class EniModel {
    static final int LEGACY_GB_MB = 3072;

    private EniModel() {
    }

    /** Today's need in one subnet: 0 when an existing Lambda ENI serves the function's security-group set, else 1. */
    public static int todayNeed(boolean served) {
        return served ? 0 : 1;
    }

    /** Whether a Lambda ENI with {@code eniGroups} serves a function with {@code functionGroups} (equal sets, not empty). */
    public static boolean serves(Collection<String> eniGroups, Collection<String> functionGroups) {
        return !functionGroups.isEmpty() && Set.copyOf(eniGroups).equals(Set.copyOf(functionGroups));
    }

    /** Legacy total: {@code ceil(concurrency × memoryMb / 3072)}. */
    public static int legacyTotal(int concurrency, int memoryMb) {
        long product = (long) concurrency * memoryMb;
        return (int) ((product + LEGACY_GB_MB - 1) / LEGACY_GB_MB);
    }

    /** Legacy need per subnet: the total spread evenly, rounded up ({@code ceil(total / subnets)}). */
    public static int legacyPerSubnet(int total, int subnets) {
        if (subnets <= 0) {
            return 0;
        }
        return (total + subnets - 1) / subnets;
    }
}
