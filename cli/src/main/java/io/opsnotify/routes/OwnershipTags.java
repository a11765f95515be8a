package io.opsnotify.routes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What sync-cf-routes remembers on each route table, as tags (routes themselves cannot be
 * tagged, and a route table outlives any host that runs cron): the syncToken last applied, the
 * service's prefix count then, the largest prefix count seen recently and the syncToken of the
 * file it was seen in ({@code opsnotify:cf-prefix-peak}, {@code "211@1787433425"}: the shrink
 * guard compares with it, so that a shrink cannot be walked in steps each under the bound), and
 * the CIDRs opsnotify owns there,
 * space-separated over as many {@code opsnotify:cf-owned-N} tags as needed (a tag value holds at
 * most 256 characters; a resource at most 50 tags).
 */
public final class OwnershipTags {
    public static final String SYNC_TOKEN = "opsnotify:cf-sync-token";
    public static final String PREFIX_COUNT = "opsnotify:cf-prefix-count";
    public static final String PREFIX_PEAK = "opsnotify:cf-prefix-peak";
    public static final String OWNED_PREFIX = "opsnotify:cf-owned-";
    /** How long a peak counts: a count seen in a file published up to 30 days before the current one. */
    public static final long PEAK_WINDOW_SECONDS = 30L * 24 * 3600;
    static final int MAX_VALUE = 256;
    /** Leaves room for the table's other tags under the 50-tag limit. */
    static final int MAX_OWNED_TAGS = 40;

    private OwnershipTags() {
    }

    /** A prefix count and the syncToken (publication time, seconds) of the file it was counted in. */
    public record Peak(int count, long syncToken) {
        String encode() {
            return count + "@" + syncToken;
        }

        static Peak decode(String s) {
            if (s == null) {
                return null;
            }
            int at = s.indexOf('@');
            Long count = at < 0 ? null : parseLong(s.substring(0, at));
            Long token = at < 0 ? null : parseLong(s.substring(at + 1));
            return count == null || token == null || count < 0 || count > Integer.MAX_VALUE ? null
                    : new Peak(count.intValue(), token);
        }
    }

    /** State read back from a route table's tags. */
    public record State(Long syncToken, Integer prefixCount, Peak peak, Set<String> owned) {
        public static final State NONE = new State(null, null, null, Set.of());

        /**
         * The count the shrink guard compares with for a file published at {@code syncToken}: the
         * largest of the last applied count and the remembered peak, each if seen within
         * {@link #PEAK_WINDOW_SECONDS} before it. Null when nothing recent is known.
         */
        public Integer reference(long syncToken) {
            Peak p = recentPeak(null, syncToken);
            return p == null ? null : p.count();
        }

        /** The peak to remember after applying {@code current}: the largest recent count, {@code current} included. */
        public Peak nextPeak(Peak current) {
            return recentPeak(current, current.syncToken());
        }

        private Peak recentPeak(Peak current, long at) {
            Peak best = current;
            List<Peak> known = new ArrayList<>();
            if (peak != null) {
                known.add(peak);
            }
            if (prefixCount != null && this.syncToken != null) {
                known.add(new Peak(prefixCount, this.syncToken));
            }
            for (Peak p : known) {
                boolean recent = p.syncToken() <= at && at - p.syncToken() <= PEAK_WINDOW_SECONDS;
                if (recent && (best == null || p.count() > best.count())) {
                    best = p;
                }
            }
            return best;
        }
    }

    public static State read(Map<String, String> tags) {
        Long token = parseLong(tags.get(SYNC_TOKEN));
        Long count = parseLong(tags.get(PREFIX_COUNT));
        Set<String> owned = new TreeSet<>();
        tags.forEach((k, v) -> {
            if (k.startsWith(OWNED_PREFIX) && v != null) {
                for (String c : v.trim().split("\\s+")) {
                    if (!c.isEmpty()) {
                        owned.add(c);
                    }
                }
            }
        });
        return new State(token, count == null ? null : count.intValue(), Peak.decode(tags.get(PREFIX_PEAK)), owned);
    }

    /**
     * The tags that encode this state. Keys {@code opsnotify:cf-owned-1..N}; the caller deletes
     * owned-N tags beyond the new N.
     *
     * @throws IllegalArgumentException when the owned set does not fit in the tag budget
     */
    public static Map<String, String> write(long syncToken, int prefixCount, Peak peak, Set<String> owned) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(SYNC_TOKEN, Long.toString(syncToken));
        tags.put(PREFIX_COUNT, Integer.toString(prefixCount));
        if (peak != null) {
            tags.put(PREFIX_PEAK, peak.encode());
        }
        List<String> chunks = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String cidr : new TreeSet<>(owned)) {
            if (cur.length() + 1 + cidr.length() > MAX_VALUE) {
                chunks.add(cur.toString());
                cur.setLength(0);
            }
            if (cur.length() > 0) {
                cur.append(' ');
            }
            cur.append(cidr);
        }
        if (cur.length() > 0) {
            chunks.add(cur.toString());
        }
        if (chunks.size() > MAX_OWNED_TAGS) {
            throw new IllegalArgumentException(owned.size() + " owned routes do not fit in " + MAX_OWNED_TAGS + " tags");
        }
        for (int i = 0; i < chunks.size(); i++) {
            tags.put(OWNED_PREFIX + (i + 1), chunks.get(i));
        }
        return tags;
    }

    /** The owned-N tag keys present in {@code current} but not in {@code next}: to delete. */
    public static List<String> stale(Map<String, String> current, Map<String, String> next) {
        return current.keySet().stream().filter(k -> k.startsWith(OWNED_PREFIX) && !next.containsKey(k)).sorted().toList();
    }

    private static Long parseLong(String s) {
        try {
            return s == null ? null : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
