package io.opsnotify.cli;

import io.opsnotify.input.InputSource;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.AwsErrors;
import io.opsnotify.aws.AwsSettings;
import io.opsnotify.notifier.base.SafeText;
import io.opsnotify.routes.HostResolver;
import io.opsnotify.routes.InvalidIpRangesException;
import io.opsnotify.routes.IpFamily;
import io.opsnotify.routes.IpRanges;
import io.opsnotify.routes.IpRangesParser;
import io.opsnotify.routes.RangesSource;
import io.opsnotify.routes.RouteSync;
import io.opsnotify.routes.SyncReport;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

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
final class SyncCfRoutes implements Callable<Integer> {
    @Spec
    CommandSpec spec;

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

    @Option(names = "--strategy", defaultValue = "exact", paramLabel = "exact|fit",
            description = "exact: one route per merged block; fit: at most --max-routes routes, fewest extra addresses "
                    + "(default: ${DEFAULT-VALUE}).")
    String strategy;

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

    @Mixin
    AwsOptions awsOptions;

    @Mixin
    OutputOptions output;

    private final CliContext context;
    private final ObjectMapper json = new ObjectMapper();

    SyncCfRoutes(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RouteSync.Strategy strat = switch (strategy.toLowerCase(java.util.Locale.ROOT)) {
            case "exact" -> RouteSync.Strategy.EXACT;
            case "fit" -> RouteSync.Strategy.FIT;
            default -> throw new ErrorHandler.UsageError("--strategy must be exact or fit");
        };
        if (maxRoutes < 1 || maxRoutes > 1000) {
            throw new ErrorHandler.UsageError("--max-routes must be 1..1000");
        }
        List<java.net.InetSocketAddress> resolverAddresses = new ArrayList<>();
        for (String r : resolvers) {
            try {
                resolverAddresses.add(HostResolver.parseResolver(r));
            } catch (IllegalArgumentException e) {
                throw new ErrorHandler.UsageError("--resolver " + e.getMessage());
            }
        }
        RouteSync.Limits limits;
        try {
            limits = new RouteSync.Limits(minPrefixLength, minIpv6PrefixLength, maxExtraAddresses, maxExtraIpv6Addresses);
        } catch (IllegalArgumentException e) {
            throw new ErrorHandler.UsageError("--min-prefix-length must be 8..32, --min-ipv6-prefix-length 16..128 (no wider floor: "
                    + "see docs/routes.md), "
                    + "the --max-extra-*addresses ceilings 0 or more");
        }
        RouteSync.Options o = new RouteSync.Options(routeTableIds, natGatewayId, service, strat, maxRoutes, force, limits,
                Instant.now());
        AwsSettings settings = awsOptions.settings(context.env()); // AWS values are invalid input (2) before any download
        SyncReport report = new SyncReport(json, output.json(), strategy.toLowerCase(java.util.Locale.ROOT), service,
                natGatewayId, routeTableIds);

        IpRanges ranges;
        Long notified = null;
        try {
            RangesSource src = new RangesSource(json);
            RangesSource.Fetched f = snsMessage != null ? src.fetchNotified(snsMessageBytes(), source)
                    : src.fetch(source);
            notified = f.notifiedSyncToken();
            ranges = IpRangesParser.parse(f.bytes(), service); // every entry's fields checked, CIDRs of the service
            if (ranges.cidrsOrNone(service, IpFamily.IPV4).isEmpty() && ranges.cidrsOrNone(service, IpFamily.IPV6).isEmpty()) {
                return report.finish(out, ExitCodes.CRITICAL, "CRITICAL: " + f.from() + " lists no prefixes for service "
                        + service + ": nothing changed", null, null);
            }
        } catch (RangesSource.SourceException | InvalidIpRangesException e) {
            return report.finish(out, ExitCodes.CRITICAL, "CRITICAL: " + e.getMessage() + ": nothing changed", null, null);
        }

        try (AwsClients aws = new AwsClients(settings)) {
            RouteSync sync = new RouteSync(aws);
            RouteSync.Plan plan;
            try {
                plan = sync.plan(ranges, notified, o);
            } catch (AwsServiceException e) {
                String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
                boolean badInput = Set.of("InvalidRouteTableID.NotFound", "InvalidRouteTableID.Malformed", "NatGatewayNotFound",
                        "InvalidNatGatewayID.NotFound", "InvalidParameterValue").contains(code);
                return report.finish(out, badInput ? ExitCodes.CRITICAL : ExitCodes.UNKNOWN,
                        (badInput ? "CRITICAL: " : "UNKNOWN: ") + AwsErrors.describe((Throwable) e) + ": nothing changed",
                        null, null);
            } catch (SdkException e) {
                return report.finish(out, ExitCodes.UNKNOWN, "UNKNOWN: " + AwsErrors.describe((Throwable) e) + ": nothing changed",
                        null, null);
            }
            List<String> problems = new ArrayList<>(plan.problems());
            plan.tables().forEach(t -> problems.addAll(t.problems));
            if (!problems.isEmpty()) {
                return report.finish(out, ExitCodes.CRITICAL, "CRITICAL: " + problems.get(0)
                        + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : ""), plan, problems);
            }
            boolean apply = plan.hasChanges() && !applyOptions.dryRun;
            if (apply && !applyOptions.confirmed(context, "Apply these route changes?", out,
                    () -> report.planLines(plan).stream().map(SafeText::line).forEach(out::println))) {
                return ExitCodes.WARNING;
            }
            if (apply) {
                sync.apply(plan, line -> { }, AwsErrors::describe);
            }
            RouteSync.Verification v = verifyHosts.isEmpty() ? RouteSync.Verification.NONE
                    : RouteSync.verify(verifyHosts, new HostResolver(resolverAddresses, Duration.ofSeconds(2)), plan);
            return report.outcome(apply, v.uncovered()).conclude(out, plan, apply, applyOptions.dryRun, v.unresolved());
        } catch (SdkException e) { // e.g. building the clients: no credentials
            return report.finish(out, ExitCodes.UNKNOWN, "UNKNOWN: " + AwsErrors.describe((Throwable) e) + ": nothing changed",
                    null, null);
        }
    }

    private byte[] snsMessageBytes() throws java.io.IOException {
        try {
            return InputSource.of(snsMessage).readBytes("--sns-message", InputSource.EVENT_MAX_BYTES);
        } catch (InputSource.TooLargeException e) {
            throw new ErrorHandler.UsageError(e.getMessage() + " (an SNS message is at most 256 KB)");
        }
    }
}
