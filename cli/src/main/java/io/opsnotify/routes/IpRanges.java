package io.opsnotify.routes;

import java.util.List;
import java.util.Objects;

/**
 * A parsed, validated AWS ip-ranges.json. Build it with {@link IpRangesParser#parse(byte[])}.
 *
 * @param syncToken  publication time in seconds since the epoch; compare it to order snapshots and
 *                   notifications (AmazonIpSpaceChanged messages may arrive out of order)
 * @param createDate as published, {@code YYYY-MM-DD-hh-mm-ss} (UTC)
 * @param prefixes   every IPv4 and IPv6 entry, in file order; a range appears once per service
 */
public record IpRanges(long syncToken, String createDate, List<IpPrefix> prefixes) {
    public IpRanges {
        Objects.requireNonNull(createDate, "createDate");
        prefixes = List.copyOf(prefixes);
    }

    /**
     * The entries of one service and family, e.g. {@code ("CLOUDFRONT", IPV4)}; the service name is
     * matched exactly, as AWS spells it.
     *
     * @throws InvalidIpRangesException when there is none: an empty set must never be turned into
     *                                  "remove every route"
     */
    public List<IpPrefix> prefixes(String service, IpFamily family) {
        List<IpPrefix> selected = prefixes.stream()
                .filter(p -> p.family() == family && p.service().equals(service))
                .toList();
        if (selected.isEmpty()) {
            throw new InvalidIpRangesException("ip-ranges.json (syncToken " + syncToken + ") has no "
                    + family + " prefixes for service \"" + service + "\"");
        }
        return selected;
    }

    /**
     * The CIDRs of one service and family, possibly none: many services publish IPv4 only
     * (DYNAMODB, API_GATEWAY, EBS...). A caller must not turn "none" into "remove every route".
     */
    public List<String> cidrsOrNone(String service, IpFamily family) {
        return prefixes.stream().filter(p -> p.family() == family && p.service().equals(service)).map(IpPrefix::cidr).toList();
    }

    /** The CIDRs of {@link #prefixes(String, IpFamily)}, ready for {@link RouteCover}. */
    public List<String> cidrs(String service, IpFamily family) {
        return prefixes(service, family).stream().map(IpPrefix::cidr).toList();
    }
}
