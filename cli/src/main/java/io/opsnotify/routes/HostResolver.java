package io.opsnotify.routes;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Resolves hostnames with dnsjava against each configured resolver separately (A and AAAA), so
 * that the answers of every resolver are seen: a host served differently by different resolvers
 * (split horizon, a CDN change being rolled out) shows up as more addresses, not as whichever
 * answer came first.
 */
public final class HostResolver {
    /** What the resolvers said about one host. */
    public record Resolution(String host, Set<InetAddress> addresses, List<String> errors) {
    }

    private final List<InetSocketAddress> resolvers;
    private final Duration timeout;

    /** @param resolvers empty for the system's resolvers (/etc/resolv.conf) */
    public HostResolver(List<InetSocketAddress> resolvers, Duration timeout) {
        this.resolvers = resolvers.isEmpty() ? ResolverConfig.getCurrentConfig().servers() : List.copyOf(resolvers);
        this.timeout = timeout;
    }

    /** "IP" or "IP:PORT" (IPv6: "[::1]:53"). */
    public static InetSocketAddress parseResolver(String s) {
        String host = s;
        int port = 53;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            host = s.substring(1, end);
            if (s.length() > end + 1 && s.charAt(end + 1) == ':') {
                port = Integer.parseInt(s.substring(end + 2));
            }
        } else if (s.indexOf(':') == s.lastIndexOf(':') && s.contains(":")) {
            host = s.substring(0, s.indexOf(':'));
            port = Integer.parseInt(s.substring(s.indexOf(':') + 1));
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("resolver must be an IP address: " + s);
        }
    }

    public Resolution resolve(String host) {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        List<String> errors = new ArrayList<>();
        Name name;
        try {
            name = Name.fromString(host.endsWith(".") ? host : host + ".");
        } catch (TextParseException e) {
            return new Resolution(host, addresses, List.of("not a hostname: " + host));
        }
        for (InetSocketAddress server : resolvers) {
            Resolver r = new SimpleResolver(server);
            r.setTimeout(timeout);
            for (int type : new int[] {Type.A, Type.AAAA}) {
                Lookup l = new Lookup(name, type);
                l.setResolver(r);
                l.setCache(null);
                l.setSearchPath(new Name[0]); // the name is absolute: no search domains
                Record[] records = l.run();
                if (records != null) {
                    for (Record rec : records) {
                        if (rec instanceof ARecord a) {
                            addresses.add(a.getAddress());
                        } else if (rec instanceof AAAARecord aaaa) {
                            addresses.add(aaaa.getAddress());
                        }
                    }
                } else if (l.getResult() != Lookup.TYPE_NOT_FOUND) {
                    errors.add(server.getAddress().getHostAddress() + ":" + server.getPort() + " " + Type.string(type)
                            + ": " + l.getErrorString());
                }
            }
        }
        return new Resolution(host, addresses, errors);
    }
}
