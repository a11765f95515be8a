package io.opsnotify.vpc;

/**
 * Thresholds and ENI model of a subnet check.
 *
 * @param warnFree WARNING when a subnet's free addresses after the need fall under this
 * @param critFree CRITICAL when they fall under this (at most {@code warnFree})
 * @param headroom addresses kept free per subnet beyond the modelled need, so that Lambda can
 *                 create a replacement or additional ENI before it releases the old one
 * @param legacyConcurrency with {@code legacyMemoryMb}: use the pre-2019 model; null for today's
 */
public record CheckSettings(int warnFree, int critFree, int headroom, Integer legacyConcurrency, Integer legacyMemoryMb) {
    public static final int DEFAULT_WARN_FREE = 20;
    public static final int DEFAULT_CRIT_FREE = 5;
    public static final int DEFAULT_HEADROOM = 1;

    public CheckSettings {
        if (critFree < 0 || warnFree < 0 || headroom < 0) {
            throw new IllegalArgumentException("thresholds and headroom must not be negative");
        }
        if (critFree > warnFree) {
            throw new IllegalArgumentException("--crit-free (" + critFree + ") must not be more than --warn-free ("
                    + warnFree + ")");
        }
        if ((legacyConcurrency == null) != (legacyMemoryMb == null)) {
            throw new IllegalArgumentException("the legacy model needs both concurrency and memory");
        }
    }

    public static CheckSettings today(int warnFree, int critFree, int headroom) {
        return new CheckSettings(warnFree, critFree, headroom, null, null);
    }

    public boolean legacy() {
        return legacyConcurrency != null;
    }
}
