package io.opsnotify.routes;

import inet.ipaddr.IPAddress;

/** Address family. EC2 counts IPv4 and IPv6 routes of a route table separately, so every computation is per family. */
public enum IpFamily {
    IPV4,
    IPV6;

    static IpFamily of(IPAddress address) {
        return address.isIPv4() ? IPV4 : IPV6;
    }
}
