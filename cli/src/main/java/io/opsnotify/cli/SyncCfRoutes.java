package io.opsnotify.cli;

import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.Ec2RouteTables;
import io.opsnotify.input.InputSource;
import io.opsnotify.notifier.base.SafeText;
import io.opsnotify.routes.HostCheck;
import io.opsnotify.routes.HostResolver;
import io.opsnotify.routes.RangesSource;
import io.opsnotify.routes.RouteSync;
import io.opsnotify.routes.RouteSync.Strategy;
import io.opsnotify.routes.SyncPlan;
import io.opsnotify.routes.SyncReport;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code opsnotify sync-cf-routes}: NAT routes to CloudFront's ranges, kept current; safe from cron. */
@Command(name = "sync-cf-routes",
        description = {"Keep the route tables' routes to a service's published address ranges (CloudFront by default) "
                + "through a NAT gateway equal to AWS's ip-ranges.json, changing only opsnotify's routes. Adds before "
                + "removes; one call per changed route; the state is remembered in route-table tags.",
            "The first output line is a one-line summary; exit codes follow the monitoring convention."},
        footerHeading = "%nExamples:%n",
        footer = {"  opsnotify sync-cf-routes --route-table-ids rtb-0a1b2c3d --nat-gateway-id nat-0123456789abcdef0 --dry-run",
            "  opsnotify sync-cf-routes --route-table-ids rtb-0a1b2c3d,rtb-4e5f6a7b --nat-gateway-id nat-0123456789abcdef0 \\",
            "      --strategy fit --max-routes 50 --verify-hosts hooks.slack.com --yes   # from cron: scripts/cron/opsnotify-cron",
            "  opsnotify sync-cf-routes --route-table-ids rtb-0a1b2c3d --nat-gateway-id nat-0123456789abcdef0 \\",
            "      --sns-message notification.json --yes                          # from the AmazonIpSpaceChanged topic"},
        mixinStandardHelpOptions = true)
final class SyncCfRoutes extends AwsCommand {
    @Option(names = "--route-table-ids", required = true, split = ",", paramLabel = "RTB",
            description = "Route tables to keep in sync (comma-separated).")
    List<String> routeTableIds;

    @Option(names = "--nat-gateway-id", required = true, paramLabel = "NAT", description = "The NAT gateway the routes target.")
    String natGatewayId;

    @Option(names = "--source", paramLabel = "URL|FILE",
            description = "ip-ranges.json to use (default: " + RangesSource.DEFAULT_URL + ").")
    String source;

    @Option(names = "--sns-message", paramLabel = "FILE",
            description = "An AmazonIpSpaceChanged notification (bare, or as SNS delivered it): download its url and check its md5.")
    Path snsMessage;

    @Option(names = "--service", defaultValue = "CLOUDFRONT", paramLabel = "SERVICE",
            description = "The ip-ranges.json service (default: ${DEFAULT-VALUE}).")
    String service;

    @Option(names = "--strategy", defaultValue = "exact", paramLabel = "exact|fit", converter = StrategyConverter.class,
            completionCandidates = StrategyConverter.class,
            description = "exact: one route per merged block; fit: at most --max-routes routes, fewest extra addresses "
                    + "(default: ${DEFAULT-VALUE}).")
    Strategy strategy;

    @Option(names = "--max-routes", defaultValue = "50", paramLabel = "N",
            description = "Routes per route table allowed (AWS default quota 50, L-93826ACB; IPv4 and IPv6 counted "
                    + "separately; other routes in the table count against it) (default: ${DEFAULT-VALUE}).")
    int maxRoutes;

    @Option(names = "--verify-hosts", split = ",", paramLabel = "HOST",
            description = "Resolve these hosts (A and AAAA) and warn about any address the routes do not cover.")
    List<String> verifyHosts = List.of();

    @Option(names = "--resolver", paramLabel = "IP[:PORT]",
            description = "DNS resolver for --verify-hosts; repeat for several (default: the system's).")
    List<String> resolvers = List.of();

    @Option(names = "--min-prefix-length", defaultValue = "8", paramLabel = "N",
            description = "No IPv4 route wider than /N, published or fitted; 8..32 (default: ${DEFAULT-VALUE}).")
    int minPrefixLength;

    @Option(names = "--min-ipv6-prefix-length", defaultValue = "32", paramLabel = "N",
            description = "No IPv6 route wider than /N, published or fitted; 16..128 (default: ${DEFAULT-VALUE}).")
    int minIpv6PrefixLength;

    @Option(names = "--max-extra-addresses", defaultValue = "134217728", paramLabel = "N",
            description = "fit: refuse a plan routing more than N IPv4 addresses outside the published ranges "
                    + "(default: ${DEFAULT-VALUE}, eight /8s).")
    BigInteger maxExtraAddresses;

    @Option(names = "--max-extra-ipv6-addresses", defaultValue = "158456325028528675187087900672", paramLabel = "N",
            description = "fit: the same for IPv6 (default: ${DEFAULT-VALUE}, 2^97, two /32s).")
    BigInteger maxExtraIpv6Addresses;

    @Option(names = "--force", description = "Apply even when the service's prefix count dropped by more than a third of the "
            + "largest count of the last 30 days, or when the route table remembers a syncToken from the future.")
    boolean force;

    @Mixin
    ApplyOptions applyOptions;

    SyncCfRoutes(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws IOException {
        RouteSync.Options options = options();
        HostCheck hosts = hostCheck();
        try (AwsClients aws = aws()) { // AWS values are invalid input (2) before any download
            RouteSync.RangesRequest ranges = new RouteSync.RangesRequest(source, snsMessage == null ? null : snsMessageBytes());
            RouteSync sync = new RouteSync(new Ec2RouteTables(aws), new RangesSource(json));
            RouteSync.Start start = sync.start(ranges, options);
            if (start instanceof RouteSync.Stopped stopped) {
                return print(stopped.report());
            }
            SyncPlan plan = ((RouteSync.Ready) start).plan();
            if (plan.hasChanges() && !applyOptions.dryRun && !applyOptions.confirmed(context, "Apply these route changes?", out(),
                    () -> SyncReport.planLines(plan).stream().map(SafeText::line).forEach(out()::println))) {
                return ExitCodes.WARNING;
            }
            return print(sync.finish(plan, applyOptions.dryRun, hosts));
        }
    }

    private RouteSync.Options options() {
        if (maxRoutes < 1 || maxRoutes > 1000) {
            throw usage("--max-routes must be 1..1000");
        }
        try {
            RouteSync.Limits limits = new RouteSync.Limits(minPrefixLength, minIpv6PrefixLength, maxExtraAddresses,
                    maxExtraIpv6Addresses);
            return new RouteSync.Options(routeTableIds, natGatewayId, service, strategy, maxRoutes, force, limits, Instant.now());
        } catch (IllegalArgumentException e) {
            throw usage("--min-prefix-length must be 8..32, --min-ipv6-prefix-length 16..128 (no wider floor: "
                    + "see docs/routes.md), the --max-extra-*addresses ceilings 0 or more");
        }
    }

    private HostCheck hostCheck() {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String r : resolvers) {
            try {
                addresses.add(HostResolver.parseResolver(r));
            } catch (IllegalArgumentException e) {
                throw usage("--resolver " + e.getMessage());
            }
        }
        return verifyHosts.isEmpty() ? HostCheck.NONE
                : new HostCheck(verifyHosts, new HostResolver(addresses, Duration.ofSeconds(2)));
    }

    private byte[] snsMessageBytes() throws IOException {
        try {
            return InputSource.of(snsMessage).readBytes("--sns-message", InputSource.EVENT_MAX_BYTES);
        } catch (InputSource.TooLargeException e) {
            throw usage(e.getMessage() + " (an SNS message is at most 256 KB)");
        }
    }

    /** {@code --strategy exact|fit}, in any case ({@code FIT} too), as before the option was typed. */
    static final class StrategyConverter implements ITypeConverter<Strategy>, Iterable<String> {
        @Override
        public Strategy convert(String value) {
            for (Strategy s : Strategy.values()) {
                if (s.label().equals(value.toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
            throw new TypeConversionException("must be exact or fit, got '" + value + "'");
        }

        @Override
        public Iterator<String> iterator() {
            return List.of(Strategy.values()).stream().map(Strategy::label).iterator();
        }
    }
}
