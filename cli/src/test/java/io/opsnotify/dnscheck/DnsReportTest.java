package io.opsnotify.dnscheck;

import io.opsnotify.check.CheckStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.opsnotify.notifier.dns.DnsConfig;
import io.opsnotify.notifier.dns.DnsWire;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status check-dns derives from what it counted: never a rate over 0 lookups (finding 8). */
class DnsReportTest {
    static DnsCheck.Settings settings(List<String> hosts) {
        return new DnsCheck.Settings(hosts, new DnsConfig(List.of("127.0.0.1"), 100, 2, 60), 10, 0, false, 99, 90, 50_000);
    }

    static DnsReport.HostResult unmeasured(String host) {
        return new DnsReport.HostResult(host, List.of(new DnsReport.ResolverStats("127.0.0.1:53")), new DnsReport.StrategyStats());
    }

    static DnsReport.HostResult failing(String host) {
        DnsReport.ResolverStats raw = new DnsReport.ResolverStats("127.0.0.1:53");
        raw.add(new DnsWire.Reply(DnsWire.Kind.TIMEOUT, List.of(), 0, 100_000_000L, null));
        DnsReport.StrategyStats strategy = new DnsReport.StrategyStats();
        strategy.failed("timeout");
        return new DnsReport.HostResult(host, List.of(raw), strategy);
    }

    @Test
    void aHostWithNoLookupSent_shouldBeUnknown_noLookupMade_notCriticalZeroPercent() {
        DnsReport r = new DnsReport(List.of(unmeasured("a.example"), unmeasured("b.example")),
                settings(List.of("a.example", "b.example")), true);

        assertThat(r.status()).isEqualTo(CheckStatus.UNKNOWN);
        assertThat(r.textLines().get(0)).startsWith("UNKNOWN: ").contains("a.example via 127.0.0.1:53: no lookup made")
                .doesNotContain("0.0%");
    }

    @Test
    void aMeasuredFailure_shouldStayCritical_besideAnUnmeasuredHost() {
        DnsReport r = new DnsReport(List.of(failing("a.example"), unmeasured("b.example")),
                settings(List.of("a.example", "b.example")), true);

        assertThat(r.status()).isEqualTo(CheckStatus.CRITICAL);
        assertThat(r.textLines().get(0)).contains("a.example via 127.0.0.1:53 0.0% < 90.0%").contains("b.example via 127.0.0.1:53: no lookup made");
    }
}
