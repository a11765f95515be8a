package io.opsnotify.routes;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.IncompatibleAddressException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Strict CIDR parsing on top of the ipaddress library: {@code a.b.c.d/n} or an IPv6 prefix, nothing
 * looser. An IPv4 address with leading zeros is never accepted: {@code 010.000.000.000/8} means
 * 8.0.0.0/8 to inet_aton and 10.0.0.0/8 to others, so a text that two parsers may read differently
 * is refused rather than interpreted. A published block ({@link #parseBlock}) must moreover be
 * written canonically (as AWS publishes: dotted decimal, RFC 5952 lower-case compressed IPv6).
 */
final class Cidrs {
    /** No inet_aton shorthands ({@code 1.2.3/24}), no masks, no wildcards or ranges, no bare addresses. */
    private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowMask(false)
            .allowSingleSegment(false)
            .allowWildcardedSeparator(false)
            .setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE)
            .getIPv4AddressParametersBuilder().allow_inet_aton(false).allowLeadingZeros(false).getParentBuilder()
            .toParams();

    private static final Pattern LEADING_ZERO = Pattern.compile("(^|[./])0[0-9]");

    private Cidrs() {
    }

    /**
     * Parses a CIDR block: the prefix length is required and the host bits must be zero.
     *
     * @throws IllegalArgumentException naming the problem: not a CIDR, or host bits set
     */
    static IPAddress parseBlock(String text) {
        IPAddress address = parseAnySpelling(text).orElseThrow(() -> new IllegalArgumentException(
                (text != null && LEADING_ZERO.matcher(text).find() ? "CIDR not in canonical form (leading zeros): \""
                        : "not a valid CIDR: \"") + text + "\""));
        if (!address.toCanonicalString().equals(text)) {
            throw new IllegalArgumentException("CIDR not in canonical form (leading zeros, upper case, spaces...): \""
                    + text + "\"");
        }
        if (!address.isPrefixBlock()) {
            throw new IllegalArgumentException("CIDR has host bits set: \"" + text + "\" (the block is "
                    + address.toPrefixBlock().toCanonicalString() + ")");
        }
        return address;
    }

    /**
     * A prefixed address (host bits may be set), or empty when the text is not a CIDR. For what
     * EC2 and our own tags say: an IPv6 spelling other than the canonical one is unambiguous and
     * accepted ({@code 2600:9000:0000::/28}); an IPv4 address with leading zeros never is.
     */
    static Optional<IPAddress> parseLoose(String text) {
        return parseAnySpelling(text);
    }

    private static Optional<IPAddress> parseAnySpelling(String text) {
        if (text == null || text.indexOf('/') < 0) {
            return Optional.empty();
        }
        try {
            IPAddress address = new IPAddressString(text, STRICT).toAddress();
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
