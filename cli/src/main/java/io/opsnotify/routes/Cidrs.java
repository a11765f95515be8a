package io.opsnotify.routes;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.IncompatibleAddressException;
import java.util.Optional;

/** Strict CIDR parsing on top of the ipaddress library: {@code a.b.c.d/n} or an IPv6 prefix, nothing looser. */
final class Cidrs {
    /** No inet_aton shorthands ({@code 1.2.3/24}), no masks, no wildcards or ranges, no bare addresses. */
    private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowMask(false)
            .allowSingleSegment(false)
            .allowWildcardedSeparator(false)
            .setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE)
            .getIPv4AddressParametersBuilder().allow_inet_aton(false).getParentBuilder()
            .toParams();

    private Cidrs() {
    }

    /**
     * Parses a CIDR block: the prefix length is required and the host bits must be zero.
     *
     * @throws IllegalArgumentException naming the problem: not a CIDR, or host bits set
     */
    static IPAddress parseBlock(String text) {
        IPAddress address = parseLoose(text)
                .orElseThrow(() -> new IllegalArgumentException("not a valid CIDR: \"" + text + "\""));
        if (!address.isPrefixBlock()) {
            throw new IllegalArgumentException("CIDR has host bits set: \"" + text + "\" (the block is "
                    + address.toPrefixBlock().toCanonicalString() + ")");
        }
        return address;
    }

    /** A prefixed address (host bits may be set), or empty when the text is not a CIDR at all. */
    static Optional<IPAddress> parseLoose(String text) {
        if (text == null || text.indexOf('/') < 0) {
            return Optional.empty();
        }
        try {
            IPAddress address = new IPAddressString(text.trim(), STRICT).toAddress();
            return address.isPrefixed() ? Optional.of(address) : Optional.empty();
        } catch (AddressStringException | IncompatibleAddressException e) {
            return Optional.empty();
        }
    }

    /** The block, or empty for anything that is not a CIDR block (a prefix-list id, a host-bits CIDR, null). */
    static Optional<IPAddress> blockOrEmpty(String text) {
        return parseLoose(text).filter(IPAddress::isPrefixBlock);
    }

    static String canonical(IPAddress block) {
        return block.toCanonicalString();
    }
}
