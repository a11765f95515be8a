package io.opsnotify.routes;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * A set of routes covering every address of a service's prefixes.
 *
 * @param routes           CIDR blocks in canonical form, disjoint, sorted by address
 * @param extraAddresses   addresses inside the routes that are in none of the prefixes (they go
 *                         through the NAT gateway too); zero for the lossless cover
 * @param coveredAddresses addresses of the prefixes (their union), all inside the routes
 */
public record Cover(List<String> routes, BigInteger extraAddresses, BigInteger coveredAddresses) {
    public Cover {
        routes = List.copyOf(routes);
        Objects.requireNonNull(extraAddresses, "extraAddresses");
        Objects.requireNonNull(coveredAddresses, "coveredAddresses");
    }
}
