package io.opsnotify.cli;

import io.opsnotify.dnscheck.DnsCheck;
import io.opsnotify.dnscheck.DnsReport;
import io.opsnotify.notifier.config.ConfigLoader;
import io.opsnotify.notifier.config.NotifierConfig;
import io.opsnotify.notifier.db.JdbcRowSource;
import io.opsnotify.notifier.dns.DnsConfig;
import io.opsnotify.notifier.dns.NotifierResolver;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opsnotify check-dns}: how reliably the resolvers answer for the hosts the notifier connects to. */
@Command(name = "check-dns",
        description = {"Send N lookups of each host to each resolver and report the success rate, the failure kinds "
                + "(timeout, SERVFAIL, NXDOMAIN), latency p50/p99 and the answers seen (a split-horizon mismatch shows as "
                + "different answers), then what the notifier's resolver (retries across resolvers, serve-stale) "
                + "achieves on the same hosts and resolvers.",
            "A monitoring check: the first line is the summary (OK/WARNING/CRITICAL: ...), the exit code its state. "
                + "WARNING when a resolver answers less than --warn-rate %% or resolvers disagree; CRITICAL under "
                + "--crit-rate %%, or when the notifier's strategy itself failed a lookup."},
        footerHeading = "%nExamples:%n",
        footer = {"  opsnotify check-dns --config opsnotify.yaml             # the hosts and resolvers the notifier uses",
            "  opsnotify check-dns --host replica.db.internal --resolver 10.0.0.2 --resolver 169.254.169.253",
            "  opsnotify check-dns --host replica.db.internal --count 100 --interval 100 --output json"},
        mixinStandardHelpOptions = true)
final class CheckDns extends CliCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--host", paramLabel = "NAME", split = ",", description = "Host names, comma-separated.")
        List<String> hosts;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "Check every host the notifier resolves (database.url), with its dns: settings.")
        Path config;
    }

    @Option(names = "--resolver", paramLabel = "IP[:PORT]",
            description = "A resolver to ask (repeatable; 'system' for /etc/resolv.conf). "
                    + "Default: the config's dns.resolvers, else the system's.")
    List<String> resolvers;

    @Option(names = "--count", paramLabel = "N", defaultValue = "10", description = "Lookups per host and resolver (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--interval", paramLabel = "MS", defaultValue = "200", description = "Pause between rounds (default: ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(names = "--type", paramLabel = "A|AAAA", defaultValue = "A", description = "Record type of the raw lookups (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--timeout", paramLabel = "MS", description = "Per-query timeout (default: dns.timeoutMs, else "
            + DnsConfig.DEFAULT_TIMEOUT_MS + ").")
    Integer timeoutMs;

    @Option(names = "--warn-rate", paramLabel = "PERCENT", defaultValue = "99",
            description = "WARNING when a resolver answers fewer lookups than this (default: ${DEFAULT-VALUE}).")
    double warnRate;

    @Option(names = "--crit-rate", paramLabel = "PERCENT", defaultValue = "90",
            description = "CRITICAL when fewer than this (default: ${DEFAULT-VALUE}).")
    double critRate;

    @Option(names = "--max-time", paramLabel = "SECONDS",
            description = "Finish within this time: a round starts only if its worst case (every query timing out) "
                    + "still fits, and the report says when the check stopped early (default: 50, under a monitoring "
                    + "check's usual 60 s).")
    Double maxTimeSeconds;

    CheckDns(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        DnsCheck.Settings settings = settings();
        DnsReport report = new DnsCheck().run(settings);
        return print(report);
    }

    private long maxTimeMs() {
        if (maxTimeSeconds == null) {
            return DnsCheck.Settings.DEFAULT_MAX_TIME_MS;
        }
        if (!(maxTimeSeconds >= 0.1 && maxTimeSeconds <= 3600)) {
            throw usage("--max-time must be 0.1..3600 seconds, got " + maxTimeSeconds);
        }
        return Math.round(maxTimeSeconds * 1000);
    }

    private DnsCheck.Settings settings() {
        boolean ipv6;
        switch (type.toUpperCase(Locale.ROOT)) {
            case "A" -> ipv6 = false;
            case "AAAA" -> ipv6 = true;
            default -> throw usage("--type must be A or AAAA, got " + type);
        }
        DnsConfig dns = DnsConfig.defaults(context.env());
        List<String> hosts = source.hosts;
        if (source.config != null) {
            NotifierConfig config = new ConfigLoader(context.env()).load(source.config, new ConfigLoader.Options(false));
            dns = config.dns();
            hosts = JdbcRowSource.hostNamesToResolve(config.database().url());
            if (hosts.isEmpty()) {
                throw usage(source.config + ": "
                        + JdbcRowSource.whyNoHostNames(config.database().url()) + ", nothing to check");
            }
        }
        for (String h : hosts) {
            if (h.isBlank() || NotifierResolver.isIpLiteral(h)) {
                throw usage("--host takes host names, got '" + h + "'");
            }
        }
        List<String> servers = resolvers == null || resolvers.isEmpty() ? dns.resolvers() : resolvers;
        for (String r : servers) {
            if (!r.equalsIgnoreCase(DnsConfig.SYSTEM)) {
                try {
                    NotifierResolver.parseServer(r);
                } catch (IllegalArgumentException e) {
                    throw usage("--resolver: " + e.getMessage());
                }
            }
        }
        int timeout = timeoutMs != null ? timeoutMs : dns.timeoutMs();
        if (timeout < 10 || timeout > 30_000) {
            throw usage("--timeout must be 10..30000 ms, got " + timeout);
        }
        try {
            return new DnsCheck.Settings(hosts, new DnsConfig(servers, timeout, dns.attempts(), dns.staleTtlSeconds()),
                    count, intervalMs, ipv6, warnRate, critRate, maxTimeMs());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }
}
