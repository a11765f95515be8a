package io.opsnotify.notifier.dns;

import io.opsnotify.notifier.base.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Resolves the hosts the notifier connects to without the JVM's resolver: IP literals as they are,
 * then /etc/hosts, then DNS with dnsjava against the configured resolvers — each query with its
 * own timeout, {@code attempts} rounds over the resolvers in order, A then AAAA. Answers are
 * cached for their TTL; when every resolver fails, the last good answer is served for up to
 * {@code staleTtl} after it expired (RFC 8767 "serve-stale") and a warning line is logged.
 */
public final class NotifierResolver {
    /** What a lookup returned; {@code staleMs > 0} when it is a stale answer. */
    public record Answer(String host, List<InetAddress> addresses, String source, long staleMs) {
        public boolean stale() {
            return staleMs > 0;
        }
    }

    /** Thin seam over {@link DnsWire#query}, for tests that count queries without a server. */
    public interface Transport {
        DnsWire.Reply query(InetSocketAddress server, String host, boolean ipv6, Duration timeout);
    }

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final List<String> resolverSpecs;
    private List<InetSocketAddress> servers; // resolved lazily: "system" reads resolv.conf via dnsjava
    private final Duration timeout;
    private final int attempts;
    private final long staleTtlMs;
    private final LongSupplier clockMs;
    private final Path hostsFile;
    private final Path resolvConf;
    private Map<String, List<InetAddress>> hosts;
    private final Consumer<String> log;
    private final Transport transport;
    private final boolean ignoreTtl;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(List<InetAddress> addresses, long expiresAtMs) {
    }

    private NotifierResolver(Builder b) {
        this.resolverSpecs = List.copyOf(b.config.resolvers());
        this.timeout = Duration.ofMillis(b.config.timeoutMs());
        this.attempts = b.config.attempts();
        this.staleTtlMs = b.config.staleTtlSeconds() * 1000L;
        this.clockMs = b.clockMs;
        this.hostsFile = b.hostsFile;
        this.resolvConf = b.resolvConf;
        this.log = b.log;
        this.transport = b.transport;
        this.ignoreTtl = b.ignoreTtl;
    }

    public static Builder builder(DnsConfig config) {
        return new Builder(config);
    }

    public static final class Builder {
        private final DnsConfig config;
        private LongSupplier clockMs = System::currentTimeMillis;
        private Path hostsFile = Path.of("/etc/hosts");
        private Path resolvConf = Path.of("/etc/resolv.conf");
        private Consumer<String> log = s -> { };
        private Transport transport; // null: DnsWire, referenced only when a query is sent (cold start)
        private boolean ignoreTtl;

        Builder(DnsConfig config) {
            this.config = config;
        }

        public Builder clock(LongSupplier ms) {
            this.clockMs = ms;
            return this;
        }

        /** null: no hosts file. */
        public Builder hostsFile(Path p) {
            this.hostsFile = p;
            return this;
        }

        /** Where {@code system} finds its servers; null: ask dnsjava's ResolverConfig. */
        public Builder resolvConf(Path p) {
            this.resolvConf = p;
            return this;
        }

        /** Receives one JSON line whenever a stale answer is served. */
        public Builder log(Consumer<String> lines) {
            this.log = lines;
            return this;
        }

        public Builder transport(Transport t) {
            this.transport = t;
            return this;
        }

        /** Query on every lookup (the cache then only feeds serve-stale): check-dns measures this way. */
        public Builder ignoreTtl(boolean b) {
            this.ignoreTtl = b;
            return this;
        }

        public NotifierResolver build() {
            return new NotifierResolver(this);
        }
    }

    /** True for an IPv4 or IPv6 literal (which needs no lookup). */
    public static boolean isIpLiteral(String host) {
        if (IPV4.matcher(host).matches()) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false; // the JDK would send "999.1.1.1" to DNS: not a literal
                }
            }
            return true;
        }
        return host.indexOf(':') >= 0 || host.startsWith("[");
    }

    /** "IP", "IP:PORT", "[IPv6]:PORT" or a bare IPv6; never a lookup. */
    public static InetSocketAddress parseServer(String s) {
        String host = s.strip();
        int port = 53;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("not an IP[:PORT]: " + s);
            }
            String rest = host.substring(end + 1);
            host = host.substring(1, end);
            if (rest.startsWith(":")) {
                port = parsePort(rest.substring(1), s);
            } else if (!rest.isEmpty()) {
                throw new IllegalArgumentException("not an IP[:PORT]: " + s);
            }
        } else if (host.indexOf(':') > 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            port = parsePort(host.substring(host.indexOf(':') + 1), s);
            host = host.substring(0, host.indexOf(':'));
        }
        if (!isIpLiteral(host)) {
            throw new IllegalArgumentException("a resolver must be an IP address (IP or IP:PORT), got '" + s + "'");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + s);
        }
    }

    private static int parsePort(String p, String whole) {
        try {
            int port = Integer.parseInt(p);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new IllegalArgumentException("bad port in '" + whole + "'");
    }

    /** The servers queried, in order ("system" expanded); reading them may load dnsjava. */
    public synchronized List<InetSocketAddress> servers() {
        if (servers == null) {
            Set<InetSocketAddress> out = new LinkedHashSet<>();
            for (String spec : resolverSpecs) {
                if (spec.equalsIgnoreCase(DnsConfig.SYSTEM)) {
                    List<InetSocketAddress> fromFile = resolvConf == null ? List.of() : parseResolvConf(resolvConf);
                    out.addAll(fromFile.isEmpty() ? DnsWire.systemServers() : fromFile);
                } else {
                    out.add(parseServer(spec));
                }
            }
            servers = List.copyOf(out);
        }
        return servers;
    }

    /** A query is not started with less time than this left. */
    static final long MIN_QUERY_MS = 20;

    public Duration timeout() {
        return timeout;
    }

    public int attempts() {
        return attempts;
    }

    /**
     * @throws UnknownHostException with what every resolver said, when there is no answer and no
     *                              stale answer within bound
     */
    public Answer resolve(String host) throws UnknownHostException {
        return resolve(host, Long.MAX_VALUE);
    }

    /**
     * Like {@link #resolve(String)}, but sends no query past {@code budgetMillis} (each query's
     * timeout is cut to what is left): the invocation's remaining time bounds the lookup, and
     * when it runs out the stale answer, if any, is still used.
     */
    public Answer resolve(String host, long budgetMillis) throws UnknownHostException {
        long deadlineNanos = budgetMillis >= Long.MAX_VALUE / 2_000_000L ? Long.MAX_VALUE
                : System.nanoTime() + Math.max(0, budgetMillis) * 1_000_000L;
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (isIpLiteral(h)) {
            return new Answer(host, List.of(InetAddress.getByName(h)), "literal", 0);
        }
        String key = h.toLowerCase(Locale.ROOT);
        if (key.endsWith(".")) {
            key = key.substring(0, key.length() - 1);
        }
        List<InetAddress> fromHosts = hosts().get(key);
        if (fromHosts != null) {
            return new Answer(host, fromHosts, "hosts", 0);
        }
        long now = clockMs.getAsLong();
        Entry cached = cache.get(key);
        if (!ignoreTtl && cached != null && now < cached.expiresAtMs()) {
            return new Answer(host, cached.addresses(), "cache", 0);
        }
        List<String> failures = new ArrayList<>();
        boolean outOfTime = false;
        queries:
        for (int round = 1; round <= attempts; round++) {
            for (InetSocketAddress server : servers()) {
                for (boolean ipv6 : new boolean[] {false, true}) {
                    Duration t = timeout;
                    if (deadlineNanos != Long.MAX_VALUE) {
                        long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000L;
                        if (leftMs < MIN_QUERY_MS) {
                            outOfTime = true;
                            break queries;
                        }
                        t = Duration.ofMillis(Math.min(timeout.toMillis(), leftMs));
                    }
                    DnsWire.Reply r = transport != null ? transport.query(server, key, ipv6, t)
                            : DnsWire.query(server, key, ipv6, t);
                    if (r.kind() == DnsWire.Kind.OK) {
                        cache.put(key, new Entry(r.addresses(), clockMs.getAsLong() + r.ttlSeconds() * 1000));
                        return new Answer(host, r.addresses(), server(server), 0);
                    }
                    if (r.kind() != DnsWire.Kind.NODATA) {
                        failures.add(server(server) + " " + (ipv6 ? "AAAA" : "A") + ": " + r.detail());
                        break; // the server failed: AAAA from it would not fare better this round
                    }
                }
            }
        }
        now = clockMs.getAsLong();
        String what = (failures.isEmpty() ? (outOfTime ? "no query could be sent" : "no A or AAAA record") : summary(failures))
                + (outOfTime ? "; stopped: the invocation's remaining time ran out" : "");
        if (cached != null && now < cached.expiresAtMs() + staleTtlMs) {
            long staleMs = Math.max(1, now - cached.expiresAtMs());
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("ts", Instant.ofEpochMilli(System.currentTimeMillis()).toString());
            line.put("level", "WARN");
            line.put("logger", "opsnotify.dns");
            line.put("host", key);
            line.put("outcome", "stale");
            line.put("staleMs", staleMs);
            line.put("staleTtlSeconds", staleTtlMs / 1000);
            line.put("addresses", cached.addresses().stream().map(InetAddress::getHostAddress).toList());
            line.put("error", what);
            log.accept(Json.string(line));
            return new Answer(host, cached.addresses(), "stale", staleMs);
        }
        String staleNote = cached == null ? ""
                : "; the last good answer expired " + (now - cached.expiresAtMs()) / 1000 + " s ago, beyond dns.staleTtlSeconds="
                        + staleTtlMs / 1000;
        throw new UnknownHostException("cannot resolve " + key + " (" + attempts + " attempt(s) over "
                + servers().size() + " resolver(s)): " + what + staleNote);
    }

    /** Same failures counted once: "127.0.0.1:53 A: timed out after 100 ms (x3)". */
    private static String summary(List<String> failures) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        failures.forEach(f -> counts.merge(f, 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((f, n) -> parts.add(n == 1 ? f : f + " (x" + n + ")"));
        return String.join("; ", parts);
    }

    static String server(InetSocketAddress s) {
        String ip = s.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + s.getPort();
    }

    /**
     * The {@code nameserver} lines of resolv.conf (Linux, and so Lambda). Read here because
     * dnsjava's {@code ResolverConfig} tries six providers (JNDI among them): ~170 classes and
     * ~20 ms at cold start. Empty when unreadable; the caller then asks dnsjava.
     */
    static List<InetSocketAddress> parseResolvConf(Path file) {
        List<InetSocketAddress> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return out;
        }
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("nameserver")) {
                String ip = f[1];
                int zone = ip.indexOf('%');
                if (zone > 0) {
                    ip = ip.substring(0, zone); // fe80::1%eth0: a link-local zone, dropped
                }
                try {
                    out.add(parseServer(ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip));
                } catch (IllegalArgumentException ignored) {
                    // not an address: skip the line, as the libc resolver does
                }
            }
        }
        return out;
    }

    private synchronized Map<String, List<InetAddress>> hosts() {
        if (hosts == null) {
            hosts = hostsFile == null ? Map.of() : parseHosts(hostsFile);
        }
        return hosts;
    }

    /** /etc/hosts: "IP name alias..." lines, # comments; unreadable → empty. */
    static Map<String, List<InetAddress>> parseHosts(Path file) {
        Map<String, List<InetAddress>> out = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return out;
        }
        for (String line : lines) {
            int hash = line.indexOf('#');
            String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (f.length < 2 || !isIpLiteral(f[0])) {
                continue;
            }
            InetAddress ip;
            try {
                ip = InetAddress.getByName(f[0]);
            } catch (UnknownHostException e) {
                continue;
            }
            for (int i = 1; i < f.length; i++) {
                out.computeIfAbsent(f[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(ip);
            }
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return out;
    }
}
