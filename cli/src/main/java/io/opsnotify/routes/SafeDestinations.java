package io.opsnotify.routes;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Which destinations sync-cf-routes may send through the NAT gateway: an allow-list. A route is
 * acceptable only if it lies entirely inside globally routable unicast space (all of IPv4, or
 * IPv6's {@code 2000::/3}, minus the IANA IPv4 and IPv6 Special-Purpose Address Registries) and
 * shares no address with the VPC's own CIDRs. Anything else — a default route, a block that is,
 * contains or overlaps private (RFC 1918), shared (RFC 6598), loopback, link-local, multicast,
 * documentation, benchmarking or reserved space, a ULA, the VPC itself — is refused with the
 * reason. Containment and overlap are the ipaddress library's.
 */
public final class SafeDestinations {
    /** A block a route must not touch, and why. */
    record Excluded(IPAddress block, String why) {
    }

    /** Everything IPv6 that is global unicast today; anything outside is refused. */
    private static final IPAddress IPV6_GLOBAL_UNICAST = block("2000::/3");

    /** IANA IPv4 Special-Purpose Address Registry (RFC 6890 and updates). */
    static final List<Excluded> IPV4_SPECIAL = List.of(
            excluded("0.0.0.0/8", "\"this network\" (RFC 791)"),
            excluded("10.0.0.0/8", "private space (RFC 1918)"),
            excluded("100.64.0.0/10", "shared address space (RFC 6598, carrier-grade NAT)"),
            excluded("127.0.0.0/8", "loopback"),
            excluded("169.254.0.0/16", "link-local"),
            excluded("172.16.0.0/12", "private space (RFC 1918)"),
            excluded("192.0.0.0/24", "IETF protocol assignments"),
            excluded("192.0.2.0/24", "documentation (TEST-NET-1)"),
            excluded("192.88.99.0/24", "6to4 relay anycast"),
            excluded("192.168.0.0/16", "private space (RFC 1918)"),
            excluded("198.18.0.0/15", "benchmarking (RFC 2544)"),
            excluded("198.51.100.0/24", "documentation (TEST-NET-2)"),
            excluded("203.0.113.0/24", "documentation (TEST-NET-3)"),
            excluded("224.0.0.0/4", "multicast"),
            excluded("240.0.0.0/4", "reserved"),
            excluded("255.255.255.255/32", "limited broadcast"));

    /** IANA IPv6 Special-Purpose Address Registry, plus the non-global blocks outside 2000::/3 named for clearer messages. */
    static final List<Excluded> IPV6_SPECIAL = List.of(
            excluded("::/128", "the unspecified address"),
            excluded("::1/128", "loopback"),
            excluded("::ffff:0:0/96", "IPv4-mapped addresses"),
            excluded("64:ff9b::/96", "NAT64 (RFC 6052)"),
            excluded("64:ff9b:1::/48", "local-use NAT64 (RFC 8215)"),
            excluded("100::/64", "discard-only (RFC 6666)"),
            excluded("2001::/23", "IETF protocol assignments"),
            excluded("2001:db8::/32", "documentation"),
            excluded("2002::/16", "6to4"),
            excluded("fc00::/7", "unique local addresses (ULA)"),
            excluded("fe80::/10", "link-local"),
            excluded("ff00::/8", "multicast"));

    private final List<Excluded> vpc;

    private SafeDestinations(List<Excluded> vpc) {
        this.vpc = List.copyOf(vpc);
    }

    /**
     * The rule for routes in one VPC.
     *
     * @param vpcId    named in the reason
     * @param vpcCidrs the VPC's IPv4 and IPv6 CIDR blocks (primary and associated); invalid text is skipped
     */
    public static SafeDestinations forVpc(String vpcId, Collection<String> vpcCidrs) {
        List<Excluded> own = new ArrayList<>();
        for (String c : vpcCidrs) {
            IPAddress b = new IPAddressString(c).getAddress();
            if (b != null) {
                own.add(new Excluded(b.toPrefixBlock(), "the VPC's own CIDR (" + vpcId + ")"));
            }
        }
        return new SafeDestinations(own);
    }

    /** Only the registries, for a caller that has no VPC (tests, measurements). */
    public static SafeDestinations globalOnly() {
        return new SafeDestinations(List.of());
    }

    /** Whether a route to {@code destination} may go through the NAT gateway. */
    public boolean allows(IPAddress destination) {
        return refusal(destination).isEmpty();
    }

    /** Why a route to this CIDR block must not go through the NAT gateway, or empty when it may. */
    public Optional<String> refusal(String cidr) {
        IPAddress b = Cidrs.blockOrEmpty(cidr).orElse(null);
        if (b == null) {
            return Optional.of(cidr + " is not a CIDR block in canonical form");
        }
        return refusal(b);
    }

    Optional<String> refusal(IPAddress destination) {
        IPAddress b = destination.toPrefixBlock();
        String cidr = Cidrs.canonical(b);
        if (b.getNetworkPrefixLength() != null && b.getNetworkPrefixLength() == 0) {
            return Optional.of(cidr + " is a default route: it would send all traffic through the NAT gateway");
        }
        if (b.isIPv6() && !IPV6_GLOBAL_UNICAST.contains(b)) {
            for (Excluded e : IPV6_SPECIAL) {
                if (b.overlaps(e.block())) {
                    return Optional.of(describe(cidr, b, e));
                }
            }
            return Optional.of(cidr + " is not inside IPv6 global unicast space " + IPV6_GLOBAL_UNICAST.toCanonicalString());
        }
        for (Excluded e : b.isIPv4() ? IPV4_SPECIAL : IPV6_SPECIAL) {
            if (b.overlaps(e.block())) {
                return Optional.of(describe(cidr, b, e));
            }
        }
        for (Excluded e : vpc) {
            if (e.block().getIPVersion() == b.getIPVersion() && b.overlaps(e.block())) {
                return Optional.of(describe(cidr, b, e));
            }
        }
        return Optional.empty();
    }

    private static String describe(String cidr, IPAddress b, Excluded e) {
        String other = Cidrs.canonical(e.block());
        String how = b.equals(e.block()) ? "is" : b.contains(e.block()) ? "contains" : e.block().contains(b) ? "is inside"
                : "overlaps";
        return cidr + " " + how + " " + other + ", " + e.why() + ": it must not go through the NAT gateway";
    }

    private static Excluded excluded(String cidr, String why) {
        return new Excluded(block(cidr), why);
    }

    private static IPAddress block(String cidr) {
        return Cidrs.parseBlock(cidr);
    }
}
