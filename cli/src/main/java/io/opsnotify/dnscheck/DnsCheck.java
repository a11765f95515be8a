package io.opsnotify.dnscheck;

import io.opsnotify.notifier.dns.DnsConfig;
import io.opsnotify.notifier.dns.DnsWire;
import io.opsnotify.notifier.dns.NotifierResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check-dns}: sends N lookups of each host to each resolver and counts what came back,
 * then runs the notifier's own resolver (retries across resolvers, serve-stale) N times on the
 * same hosts and resolvers to show what the notifier would have achieved. Raw queries first,
 * then the strategy's lookups, at the same interval.
 */
public final class DnsCheck {
    /** What to check. */
    public record Settings(List<String> hosts, DnsConfig dns, int count, long intervalMs, boolean ipv6,
                           double warnRate, double critRate) {
        public Settings {
            hosts = List.copyOf(hosts);
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("no host to check");
            }
            if (count < 1 || count > 10_000) {
                throw new IllegalArgumentException("--count must be 1..10000, got " + count);
            }
            if (intervalMs < 0 || intervalMs > 60_000) {
                throw new IllegalArgumentException("--interval must be 0..60000 ms, got " + intervalMs);
            }
            if (critRate < 0 || warnRate > 100 || critRate > warnRate) {
                throw new IllegalArgumentException("thresholds must satisfy 0 <= --crit-rate <= --warn-rate <= 100");
            }
        }
    }

    /** Sleeps between rounds; tests pass a no-op. */
    public interface Pause {
        void pause(long ms) throws InterruptedException;
    }

    private final NotifierResolver.Transport transport;
    private final Pause pause;

    public DnsCheck() {
        this(DnsWire::query, Thread::sleep);
    }

    public DnsCheck(NotifierResolver.Transport transport, Pause pause) {
        this.transport = transport;
        this.pause = pause;
    }

    public DnsReport run(Settings s) throws InterruptedException {
        NotifierResolver strategy = NotifierResolver.builder(s.dns()).transport(transport).ignoreTtl(true).build();
        List<InetSocketAddress> servers = strategy.servers();
        Duration timeout = Duration.ofMillis(s.dns().timeoutMs());
        Map<String, Map<InetSocketAddress, DnsReport.ResolverStats>> raw = new LinkedHashMap<>();
        for (String host : s.hosts()) {
            Map<InetSocketAddress, DnsReport.ResolverStats> perServer = new LinkedHashMap<>();
            servers.forEach(srv -> perServer.put(srv, new DnsReport.ResolverStats(label(srv))));
            raw.put(host, perServer);
        }
        for (int i = 0; i < s.count(); i++) {
            if (i > 0) {
                pause.pause(s.intervalMs());
            }
            for (String host : s.hosts()) {
                for (InetSocketAddress srv : servers) {
                    raw.get(host).get(srv).add(transport.query(srv, host, s.ipv6(), timeout));
                }
            }
        }
        Map<String, DnsReport.StrategyStats> withStrategy = new LinkedHashMap<>();
        s.hosts().forEach(h -> withStrategy.put(h, new DnsReport.StrategyStats()));
        for (int i = 0; i < s.count(); i++) {
            pause.pause(s.intervalMs());
            for (String host : s.hosts()) {
                DnsReport.StrategyStats st = withStrategy.get(host);
                try {
                    NotifierResolver.Answer a = strategy.resolve(host);
                    st.ok(a.stale(), a.addresses().stream().map(InetAddress::getHostAddress).toList());
                } catch (UnknownHostException e) {
                    st.failed(e.getMessage());
                }
            }
        }
        List<DnsReport.HostResult> hosts = new ArrayList<>();
        for (String host : s.hosts()) {
            hosts.add(new DnsReport.HostResult(host, List.copyOf(raw.get(host).values()), withStrategy.get(host)));
        }
        return new DnsReport(hosts, s);
    }

    static String label(InetSocketAddress s) {
        String ip = s.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + s.getPort();
    }
}
