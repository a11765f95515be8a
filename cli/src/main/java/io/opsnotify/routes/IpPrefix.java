package io.opsnotify.routes;

import java.util.Objects;

/**
 * One entry of ip-ranges.json ({@code prefixes[]} or {@code ipv6_prefixes[]}).
 *
 * @param cidr the block in canonical form ({@code 13.32.0.0/15}, {@code 2600:9000::/28})
 * @param networkBorderGroup null in snapshots older than mid-2020, which did not carry it
 */
public record IpPrefix(String cidr, IpFamily family, String service, String region, String networkBorderGroup) {
    public IpPrefix {
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(region, "region");
    }
}
