package io.opsnotify.cli;

import java.net.DatagramSocket;
import java.net.InetAddress;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.testkit.LocalDnsServer;
import io.opsnotify.testkit.LocalDnsServer.Behaviour;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code opsnotify check-dns} in-process, against DNS servers on loopback whose every reply is recorded. */
class CheckDnsIT {
    static final String HOST = "replica.opsnotify.test";
    final ObjectMapper json = new ObjectMapper();

    static CliRun run(String... args) {
        return CliRun.run(Map.of(), args);
    }

    static long count(List<Behaviour> history, Behaviour b) {
        return history.stream().filter(x -> x == b).count();
    }

    @Test
    void checkDns_shouldReportExactlyWhatTheServerDid_whenItDropsAndFailsSomeQueries() throws Exception {
        try (LocalDnsServer dns = LocalDnsServer.start()) {
            Random random = new Random(42);
            dns.answer(HOST, "10.0.0.5").behaviour(n -> {
                double x = random.nextDouble();
                return x < 0.2 ? Behaviour.DROP : x < 0.3 ? Behaviour.SERVFAIL : x < 0.35 ? Behaviour.NXDOMAIN
                        : x < 0.45 ? Behaviour.DELAY : Behaviour.ANSWER;
            }).delayMs(20);

            CliRun r = run("check-dns", "--host", HOST, "--resolver", dns.hostPort(), "--count", "40", "--interval", "0",
                    "--timeout", "150", "--output", "json");

            JsonNode report = json.readTree(r.out());
            JsonNode res = report.path("hosts").get(0).path("resolvers").get(0);
            List<Behaviour> raw = dns.history().subList(0, 40); // the raw phase comes first
            assertThat(res.path("resolver").asText()).isEqualTo(dns.hostPort());
            assertThat(res.path("sent").asInt()).isEqualTo(40);
            assertThat(res.path("timeouts").asLong()).isEqualTo(count(raw, Behaviour.DROP)).isPositive();
            assertThat(res.path("servfail").asLong()).isEqualTo(count(raw, Behaviour.SERVFAIL)).isPositive();
            assertThat(res.path("nxdomain").asLong()).isEqualTo(count(raw, Behaviour.NXDOMAIN)).isPositive();
            assertThat(res.path("ok").asLong()).isEqualTo(count(raw, Behaviour.ANSWER) + count(raw, Behaviour.DELAY));
            assertThat(res.path("p99Ms").asDouble()).isGreaterThanOrEqualTo(res.path("p50Ms").asDouble());
            assertThat(res.path("answers")).extracting(JsonNode::asText).containsExactly("10.0.0.5");
            JsonNode strategy = report.path("hosts").get(0).path("withStrategy");
            assertThat(strategy.path("sent").asInt()).isEqualTo(40);
            assertThat(strategy.path("ok").asInt()).isGreaterThan(res.path("ok").asInt());
            // about 55 % of raw lookups succeed: under the 90 % critical threshold
            assertThat(report.path("status").asText()).isEqualTo("CRITICAL");
            assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        }
    }

    @Test
    void checkDns_shouldWarnAndShowBothAnswers_whenResolversDisagree() throws Exception {
        try (LocalDnsServer inside = LocalDnsServer.start(); LocalDnsServer outside = LocalDnsServer.start()) {
            inside.answer(HOST, "10.0.0.5");
            outside.answer(HOST, "203.0.113.7");

            CliRun r = run("check-dns", "--host", HOST, "--resolver", inside.hostPort(), "--resolver", outside.hostPort(),
                    "--count", "3", "--interval", "0", "--timeout", "500");

            assertThat(r.code()).isEqualTo(ExitCodes.WARNING);
            String[] lines = r.out().split("\n");
            assertThat(lines[0]).startsWith("WARNING: ").contains(HOST + ": resolvers gave different answers");
            assertThat(r.out()).contains(inside.hostPort()).contains("answers 10.0.0.5")
                    .contains(outside.hostPort()).contains("answers 203.0.113.7");
            assertThat(inside.queries()).isGreaterThanOrEqualTo(3);
            assertThat(outside.queries()).isEqualTo(3); // the strategy stops at the first resolver that answers
        }
    }

    @Test
    void checkDns_shouldCheckTheDatabaseHostWithTheConfigsResolvers_whenGivenTheConfig(@TempDir Path dir) throws Exception {
        try (LocalDnsServer dns = LocalDnsServer.start()) {
            dns.answer(HOST, "10.0.0.5");
            Path config = Files.writeString(dir.resolve("opsnotify.yaml"), """
                    database:
                      url: jdbc:mariadb://%s:3306/shop
                    slack:
                      webhookUrl: https://hooks.slack.com/services/T0/B0/x
                    events:
                      order.created:
                        query: SELECT id FROM orders WHERE id = :id
                        text: "Order {{id}}"
                    dns:
                      resolvers: [%s]
                      timeoutMs: 500
                    """.formatted(HOST, dns.hostPort()));

            CliRun r = run("check-dns", "--config", config.toString(), "--count", "5", "--interval", "0");

            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
            assertThat(r.out().split("\n")[0]).isEqualTo("OK: check-dns 1 host(s), 1 resolver(s), 5 A lookups each: every lookup answered");
            assertThat(r.out()).contains("sent 5  ok 5 (100.0%)").contains("  notifier's strategy    sent 5  ok 5 (100.0%)");
            assertThat(dns.queries()).isEqualTo(10);
        }
    }

    @Test
    void checkDns_shouldNameWhatARefusingResolverDid_andPrintNoNull() throws Exception {
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // closed again: queries to it get ICMP port unreachable
        }
        String resolver = "127.0.0.1:" + closedPort;

        CliRun text = run("check-dns", "--host", HOST, "--resolver", resolver, "--count", "2", "--interval", "0",
                "--timeout", "300");
        CliRun json = run("check-dns", "--host", HOST, "--resolver", resolver, "--count", "2", "--interval", "0",
                "--timeout", "300", "--output", "json");

        assertThat(text.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(text.all()).doesNotContainIgnoringCase("null")
                .contains("other 2 (refused (ICMP port unreachable))")
                .contains("last error: cannot resolve " + HOST + " (3 attempt(s) over 1 resolver(s)): " + resolver
                        + " A: refused (ICMP port unreachable) (x3)");
        assertThat(json.out()).doesNotContainIgnoringCase("null");
        assertThat(this.json.readTree(json.out()).path("hosts").get(0).path("resolvers").get(0).path("otherKinds").get(0)
                .asText()).isEqualTo("refused (ICMP port unreachable)");
    }

    @Test
    void checkDns_shouldStopEarlyAndSaySo_whenTheWorstCaseWouldOverrunMaxTime() throws Exception {
        try (LocalDnsServer dns = LocalDnsServer.start()) {
            dns.answer(HOST, "10.0.0.5").behaviour(n -> Behaviour.DROP); // every query times out: the worst case

            // unbounded: 10 x (200 ms + 3 x 200 ms) = 8 s; one raw and one strategy round need 800 ms
            CliRun r = run("check-dns", "--host", HOST, "--resolver", dns.hostPort(), "--count", "10", "--interval", "0",
                    "--timeout", "200", "--max-time", "2", "--output", "json");

            JsonNode report = json.readTree(r.out());
            int raw = report.path("hosts").get(0).path("resolvers").get(0).path("sent").asInt();
            int strategy = report.path("hosts").get(0).path("withStrategy").path("sent").asInt();
            assertThat(report.path("stoppedEarly").asBoolean()).isTrue();
            assertThat(report.path("summary").asText()).endsWith("; stopped early to finish within --max-time 2.0 s");
            // rounds were only started while their worst case fitted in 2 s
            assertThat(raw * 200 + strategy * 600).isLessThanOrEqualTo(2000);
            assertThat(raw + strategy).isLessThan(20);
            assertThat(dns.queries()).isEqualTo(raw + 3 * strategy);
            assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        }
    }

    @Test
    void checkDns_shouldRefuseAMaxTimeThatCannotFitOneRound() {
        CliRun r = run("check-dns", "--host", HOST, "--resolver", "127.0.0.1:53", "--timeout", "1000", "--max-time", "2");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("--max-time 2.0 s cannot fit one round in the worst case (4200 ms");
    }

    @Test
    void checkDns_shouldRefuseAnIntervalThatLeavesNoRoomForOneRound_beforeAnyLookup() throws Exception {
        try (LocalDnsServer dns = LocalDnsServer.start()) {
            dns.answer(HOST, "10.0.0.5");

            CliRun r = run("check-dns", "--host", HOST + ",b.opsnotify.test", "--resolver", dns.hostPort(), "--count", "10000",
                    "--interval", "60000");

            assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
            assertThat(r.out()).as("no report, so no rate over 0 lookups").isEmpty();
            assertThat(r.err()).contains("--max-time 50.0 s cannot fit one round").contains("--interval 60000 ms included");
            assertThat(dns.queries()).isZero();
        }
    }

    @Test
    void checkDns_shouldRefuseAResolverThatIsNotAnIpAddress() {
        CliRun r = run("check-dns", "--host", HOST, "--resolver", "dns.example.com");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("must be an IP address");
    }
}
