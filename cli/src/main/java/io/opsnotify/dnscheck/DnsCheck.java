package io.opsnotify.dnscheck;

import io.opsnotify.notifier.base.Deadline;
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
 *
 * <p>Bounded by {@code maxTimeMs} (a monitoring check must answer before the monitor's own
 * timeout): a round is only started when its worst case (every query timing out) still fits,
 * the raw phase leaving room for at least one round of the strategy; the report says when the
 * check stopped early.
 */
public final class DnsCheck {
    /** What to check. */
    public record Settings(List<String> hosts, DnsConfig dns, int count, long intervalMs, boolean ipv6,
                           double warnRate, double critRate, long maxTimeMs) {
        /** Under the usual 60 s timeout of a monitoring check (Nagios/Icinga), with room for the JVM's start. */
        public static final long DEFAULT_MAX_TIME_MS = 50_000;

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
            // "system" may stand for more resolvers: run() measures with the real list
            // one raw round, the pause before the strategy's first round, one strategy round: what run() needs to start
            long oneRound = (long) hosts.size() * dns.resolvers().size() * dns.timeoutMs() * (1 + dns.attempts()) + intervalMs;
            if (maxTimeMs < oneRound) {
                throw new IllegalArgumentException("--max-time " + maxTimeMs / 1000.0 + " s cannot fit one round in the worst "
                        + "case (" + oneRound + " ms with every query timing out, --interval " + intervalMs + " ms included): "
                        + "give a longer --max-time or a shorter --timeout or --interval");
            }
        }

        /** Worst case of one raw round: one query per host and resolver, each timing out. */
        public long rawRoundMs(int servers) {
            return (long) hosts.size() * servers * dns.timeoutMs();
        }

        /**
         * Worst case of one round of the notifier's resolver: per host, {@code attempts} rounds over
         * the resolvers, a timeout each (a failing resolver is not asked for AAAA in that round).
         */
        public long strategyRoundMs(int servers) {
            return (long) hosts.size() * dns.attempts() * servers * dns.timeoutMs();
        }

        /** The worst case of the whole check without --max-time: every query timing out, every pause taken. */
        public long unboundedWorstCaseMs(int servers) {
            return count * (rawRoundMs(servers) + strategyRoundMs(servers)) + (2L * count - 1) * intervalMs;
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
        Deadline deadline = Deadline.inMillis(s.maxTimeMs());
        NotifierResolver strategy = NotifierResolver.builder(s.dns()).transport(transport).ignoreTtl(true).build();
        List<InetSocketAddress> servers = strategy.servers();
        long rawRound = s.rawRoundMs(servers.size());
        long strategyRound = s.strategyRoundMs(servers.size());
        Duration timeout = Duration.ofMillis(s.dns().timeoutMs());
        Map<String, Map<InetSocketAddress, DnsReport.ResolverStats>> raw = new LinkedHashMap<>();
        for (String host : s.hosts()) {
            Map<InetSocketAddress, DnsReport.ResolverStats> perServer = new LinkedHashMap<>();
            servers.forEach(srv -> perServer.put(srv, new DnsReport.ResolverStats(label(srv))));
            raw.put(host, perServer);
        }
        int rawRounds = 0;
        for (int i = 0; i < s.count(); i++) {
            long wait = i > 0 ? s.intervalMs() : 0;
            if (!deadline.allows(wait, rawRound + s.intervalMs() + strategyRound)) {
                break; // leave room for one round of the strategy
            }
            if (wait > 0) {
                pause.pause(wait);
            }
            rawRounds++;
            for (String host : s.hosts()) {
                for (InetSocketAddress srv : servers) {
                    raw.get(host).get(srv).add(transport.query(srv, host, s.ipv6(), timeout));
                }
            }
        }
        Map<String, DnsReport.StrategyStats> withStrategy = new LinkedHashMap<>();
        s.hosts().forEach(h -> withStrategy.put(h, new DnsReport.StrategyStats()));
        int strategyRounds = 0;
        for (int i = 0; i < s.count(); i++) {
            if (!deadline.allows(s.intervalMs(), strategyRound)) {
                break;
            }
            pause.pause(s.intervalMs());
            strategyRounds++;
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
        return new DnsReport(hosts, s, rawRounds < s.count() || strategyRounds < s.count());
    }

    static String label(InetSocketAddress s) {
        String ip = s.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + s.getPort();
    }
}
