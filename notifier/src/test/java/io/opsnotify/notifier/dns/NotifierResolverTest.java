package io.opsnotify.notifier.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsnotify.testkit.LocalDnsServer;
import io.opsnotify.testkit.LocalDnsServer.Behaviour;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolver against real DNS servers on loopback (no other address is ever asked). */
class NotifierResolverTest {
    static DnsConfig config(int attempts, int staleTtlSeconds, LocalDnsServer... servers) {
        return new DnsConfig(Arrays.stream(servers).map(LocalDnsServer::hostPort).toList(), 100, attempts, staleTtlSeconds);
    }

    @Test
    void resolve_shouldReturnLiteralsWithoutAnyQuery_whenHostIsAnIpAddress() throws Exception {
        AtomicInteger queries = new AtomicInteger();
        NotifierResolver r = NotifierResolver.builder(new DnsConfig(List.of("127.0.0.1:1"), 100, 1, 0))
                .transport((s, h, v6, t) -> {
                    queries.incrementAndGet();
                    throw new AssertionError("no query expected");
                }).build();

        assertThat(r.resolve("10.1.2.3").addresses()).containsExactly(InetAddress.getByName("10.1.2.3"));
        assertThat(r.resolve("[::1]").source()).isEqualTo("literal");
        assertThat(queries).hasValue(0);
        assertThat(NotifierResolver.isIpLiteral("999.1.1.1")).as("the JDK would look that up").isFalse();
    }

    @Test
    void resolve_shouldUseTheHostsFile_beforeAnyQuery(@TempDir Path dir) throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), "# comment\n127.0.0.1 localhost\n10.9.8.7 replica.internal replica # db\n");
        try (LocalDnsServer dns = LocalDnsServer.start()) {
            NotifierResolver r = NotifierResolver.builder(config(1, 0, dns)).hostsFile(hosts).build();

            NotifierResolver.Answer a = r.resolve("Replica.Internal");

            assertThat(a.addresses()).containsExactly(InetAddress.getByName("10.9.8.7"));
            assertThat(a.source()).isEqualTo("hosts");
            assertThat(dns.queries()).isZero();
        }
    }

    @Test
    void resolve_shouldTryTheNextResolver_whenTheFirstServfailsOrTimesOut() throws Exception {
        try (LocalDnsServer broken = LocalDnsServer.start(); LocalDnsServer good = LocalDnsServer.start()) {
            broken.answer("db.internal", "10.0.0.9").behaviour(n -> n == 1 ? Behaviour.DROP : Behaviour.SERVFAIL);
            good.answer("db.internal", "10.0.0.5");
            NotifierResolver r = NotifierResolver.builder(config(2, 0, broken, good)).hostsFile(null).build();

            NotifierResolver.Answer a = r.resolve("db.internal");

            assertThat(a.addresses()).containsExactly(InetAddress.getByName("10.0.0.5"));
            assertThat(broken.count(Behaviour.DROP)).isEqualTo(1);
            assertThat(good.queries()).isEqualTo(1);
        }
    }

    @Test
    void resolve_shouldAnswerFromCache_whileTheTtlRuns_thenAskAgain() throws Exception {
        try (LocalDnsServer dns = LocalDnsServer.start()) {
            dns.answer("db.internal", "10.0.0.5").ttl(30);
            AtomicLong now = new AtomicLong(0);
            NotifierResolver r = NotifierResolver.builder(config(1, 0, dns)).hostsFile(null).clock(now::get).build();

            r.resolve("db.internal");
            now.set(29_000);
            assertThat(r.resolve("db.internal").source()).isEqualTo("cache");
            now.set(31_000);
            r.resolve("db.internal");

            assertThat(dns.queries()).isEqualTo(2);
        }
    }

    @Test
    void resolve_shouldAskForAaaa_whenTheHostHasNoARecord() throws Exception {
        try (LocalDnsServer dns = LocalDnsServer.start()) {
            dns.answer("v6.internal", "fd00::5");
            NotifierResolver r = NotifierResolver.builder(config(1, 0, dns)).hostsFile(null).build();

            assertThat(r.resolve("v6.internal").addresses()).containsExactly(InetAddress.getByName("fd00::5"));
            assertThat(dns.queries()).isEqualTo(2);
        }
    }

    @Test
    void resolve_shouldFailNamingEveryResolversAnswer_whenNoneAnswersAndNothingIsCached() throws Exception {
        try (LocalDnsServer a = LocalDnsServer.start(); LocalDnsServer b = LocalDnsServer.start()) {
            a.behaviour(n -> Behaviour.SERVFAIL);
            NotifierResolver r = NotifierResolver.builder(config(2, 300, a, b)).hostsFile(null).build();

            assertThatThrownBy(() -> r.resolve("gone.internal"))
                    .isInstanceOf(UnknownHostException.class)
                    .hasMessageContaining("cannot resolve gone.internal (2 attempt(s) over 2 resolver(s))")
                    .hasMessageContaining(a.hostPort() + " A: SERVFAIL (x2)")
                    .hasMessageContaining(b.hostPort() + " A: NXDOMAIN (x2)");
            assertThat(a.queries() + b.queries()).isEqualTo(4);
        }
    }

    @Test
    void resolve_shouldServeStaleAndLogIt_whenEveryResolverFailsWithinTheBound() throws Exception {
        try (LocalDnsServer dns = LocalDnsServer.start()) {
            dns.answer("db.internal", "10.0.0.5").ttl(1);
            AtomicLong now = new AtomicLong(0);
            List<String> log = new ArrayList<>();
            NotifierResolver r = NotifierResolver.builder(config(1, 60, dns)).hostsFile(null).clock(now::get).log(log::add).build();
            r.resolve("db.internal");
            dns.behaviour(n -> Behaviour.DROP);
            now.set(60_999);

            NotifierResolver.Answer a = r.resolve("db.internal");

            assertThat(a.stale()).isTrue();
            assertThat(a.addresses()).containsExactly(InetAddress.getByName("10.0.0.5"));
            assertThat(log).singleElement().asString().contains("\"outcome\":\"stale\"").contains("\"staleMs\":59999");
            now.set(61_001);
            assertThatThrownBy(() -> r.resolve("db.internal")).hasMessageContaining("beyond dns.staleTtlSeconds=60");
        }
    }

    @Test
    void parseServer_shouldAcceptIpAndPortForms_andRefuseNames() {
        assertThat(NotifierResolver.parseServer("10.0.0.2").getPort()).isEqualTo(53);
        assertThat(NotifierResolver.parseServer("127.0.0.1:5353").getPort()).isEqualTo(5353);
        assertThat(NotifierResolver.parseServer("[::1]:5353").getAddress().isLoopbackAddress()).isTrue();
        assertThat(NotifierResolver.parseServer("fd00::2").getPort()).isEqualTo(53);
        assertThatThrownBy(() -> NotifierResolver.parseServer("dns.internal")).hasMessageContaining("must be an IP address");
    }

    @Test
    void servers_shouldExpandSystemFromResolvConf_inOrderAndWithoutDuplicates(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("resolv.conf"),
                "# generated\nsearch ec2.internal\nnameserver 10.0.0.2\nnameserver fe80::1%eth0\noptions timeout:2\nnameserver bogus\n");

        List<InetSocketAddress> servers = NotifierResolver.builder(
                new DnsConfig(List.of("system", "169.254.169.253", "10.0.0.2"), 100, 1, 0)).resolvConf(conf).build().servers();

        assertThat(servers).extracting(s -> s.getAddress().getHostAddress() + ":" + s.getPort())
                .containsExactly("10.0.0.2:53", "fe80:0:0:0:0:0:0:1:53", "169.254.169.253:53");
    }

    @Test
    void resolve_shouldAskAgainOverTcp_whenTheUdpReplyIsTruncated() throws Exception {
        try (LocalDnsServer dns = LocalDnsServer.start()) {
            dns.answer("db.internal", "10.0.0.5").behaviour(n -> n == 1 ? Behaviour.TRUNCATE : Behaviour.ANSWER);
            NotifierResolver r = NotifierResolver.builder(new DnsConfig(List.of(dns.hostPort()), 1000, 1, 0)).hostsFile(null).build();

            NotifierResolver.Answer a = r.resolve("db.internal");

            assertThat(a.addresses()).containsExactly(InetAddress.getByName("10.0.0.5"));
            assertThat(dns.count(Behaviour.TRUNCATE)).isEqualTo(1);
            assertThat(dns.tcpQueries()).isEqualTo(1);
        }
    }

    @Test
    void resolve_shouldStopSendingQueries_whenTheTimeBudgetRunsOut() throws Exception {
        try (LocalDnsServer silent = LocalDnsServer.start(); LocalDnsServer alsoSilent = LocalDnsServer.start()) {
            silent.behaviour(n -> Behaviour.DROP);
            alsoSilent.behaviour(n -> Behaviour.DROP);
            // 3 rounds x 2 resolvers x 100 ms would be 600 ms; the budget allows about two queries
            NotifierResolver r = NotifierResolver.builder(config(3, 0, silent, alsoSilent)).hostsFile(null).build();

            assertThatThrownBy(() -> r.resolve("db.internal", 230)).isInstanceOf(UnknownHostException.class)
                    .hasMessageContaining("the invocation's remaining time ran out");
            assertThat(silent.queries() + alsoSilent.queries()).isBetween(1, 3);
        }
    }
}
