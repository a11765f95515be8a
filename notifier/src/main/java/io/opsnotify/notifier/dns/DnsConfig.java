package io.opsnotify.notifier.dns;

import java.util.List;
import java.util.Map;

/**
 * How the notifier resolves the hosts it connects to (the database today), from the {@code dns:}
 * section of opsnotify.yaml.
 *
 * @param resolvers       "IP", "IP:PORT", "[IPv6]:PORT" or {@code system} (the resolvers of
 *                        /etc/resolv.conf), tried in this order
 * @param timeoutMs       per query
 * @param attempts        rounds over all resolvers before a lookup fails
 * @param staleTtlSeconds how long after its TTL ran out the last good answer is still used when
 *                        every resolver fails (RFC 8767 serve-stale); 0 turns it off
 */
public record DnsConfig(List<String> resolvers, int timeoutMs, int attempts, int staleTtlSeconds) {
    public static final String SYSTEM = "system";
    /** The Amazon-provided DNS server reachable from every VPC (also from a Lambda in a VPC). */
    public static final String AWS_LINK_LOCAL_RESOLVER = "169.254.169.253";
    public static final int DEFAULT_TIMEOUT_MS = 1000;
    public static final int DEFAULT_ATTEMPTS = 3;
    public static final int DEFAULT_STALE_TTL_SECONDS = 300;

    public DnsConfig {
        resolvers = List.copyOf(resolvers);
    }

    /** No {@code dns:} section: the system's resolvers, then, in Lambda, the VPC's link-local resolver. */
    public static DnsConfig defaults(Map<String, String> env) {
        return new DnsConfig(defaultResolvers(env), DEFAULT_TIMEOUT_MS, DEFAULT_ATTEMPTS, DEFAULT_STALE_TTL_SECONDS);
    }

    public static List<String> defaultResolvers(Map<String, String> env) {
        String fn = env.get("AWS_LAMBDA_FUNCTION_NAME");
        return fn == null || fn.isBlank() ? List.of(SYSTEM) : List.of(SYSTEM, AWS_LINK_LOCAL_RESOLVER);
    }
}
