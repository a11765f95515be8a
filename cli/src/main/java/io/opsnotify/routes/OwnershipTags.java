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
 * service's prefix count then (for the shrink sanity bound), and the CIDRs opsnotify owns there,
 * space-separated over as many {@code opsnotify:cf-owned-N} tags as needed (a tag value holds at
 * most 256 characters; a resource at most 50 tags).
 */
public final class OwnershipTags {
    public static final String SYNC_TOKEN = "opsnotify:cf-sync-token";
    public static final String PREFIX_COUNT = "opsnotify:cf-prefix-count";
    public static final String OWNED_PREFIX = "opsnotify:cf-owned-";
    static final int MAX_VALUE = 256;
    /** Leaves room for the table's other tags under the 50-tag limit. */
    static final int MAX_OWNED_TAGS = 40;

    private OwnershipTags() {
    }

    /** State read back from a route table's tags. */
    public record State(Long syncToken, Integer prefixCount, Set<String> owned) {
        public static final State NONE = new State(null, null, Set.of());
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
        return new State(token, count == null ? null : count.intValue(), owned);
    }

    /**
     * The tags that encode this state. Keys {@code opsnotify:cf-owned-1..N}; the caller deletes
     * owned-N tags beyond the new N.
     *
     * @throws IllegalArgumentException when the owned set does not fit in the tag budget
     */
    public static Map<String, String> write(long syncToken, int prefixCount, Set<String> owned) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(SYNC_TOKEN, Long.toString(syncToken));
        tags.put(PREFIX_COUNT, Integer.toString(prefixCount));
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
