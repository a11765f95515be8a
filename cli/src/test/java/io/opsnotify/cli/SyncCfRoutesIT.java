package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.opsnotify.awslocal.AwsLocal;
import io.opsnotify.awslocal.Ec2Local;
import io.opsnotify.awslocal.RecordedCall;
import io.opsnotify.routes.IpFamily;
import io.opsnotify.routes.IpRangesParser;
import io.opsnotify.routes.RouteCover;
import io.opsnotify.testkit.Fixtures;
import io.opsnotify.testkit.LocalDnsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * sync-cf-routes end to end: the command through the real EC2 SDK client and the EC2 adapter
 * against the wire emulator, with the real ip-ranges data. What the domain decides (plans, guards,
 * ownership, refusals) is tested on the in-memory route tables in {@code routes.RouteSyncTest};
 * here: text and JSON output, AWS errors, faults and timeouts on the wire, confirmation, the
 * options, the download and DNS checks, and the calls a run makes.
 */
class SyncCfRoutesIT {
    static final String FULL = "fixtures/ip-ranges/ip-ranges-2026-08-22.json";
    static final String NAT = "nat-0123456789abcdef0";
    static final String RTB = "rtb-0a1b2c3d";
    AwsLocal aws;
    final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        aws = AwsLocal.start();
        aws.ec2().addVpc("vpc-0abc1234", "10.0.0.0/16");
        aws.ec2().addVpc("vpc-0other00", "10.9.0.0/16");
        aws.ec2().addSubnet("subnet-0a1b2c3d", "vpc-0abc1234", "ap-northeast-1a", "10.0.1.0/24", 251);
        aws.ec2().addNatGateway(NAT, "vpc-0abc1234", "subnet-0a1b2c3d");
        aws.ec2().addNatGateway("nat-0ffff000000000000", "vpc-0other00", "subnet-0a1b2c3d");
        aws.ec2().addRouteTable(RTB, "vpc-0abc1234", "subnet-0a1b2c3d")
                .addGatewayRoute("0.0.0.0/0", "tgw-0123456789abcdef0")
                .addRoute("192.0.2.0/24", NAT); // this NAT, but not CloudFront: not opsnotify's
        aws.ec2().maxRoutesPerTable(1000);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    Map<String, String> env() {
        return CliRun.awsEnv(aws);
    }

    CliRun sync(String source, String... extra) {
        List<String> args = new ArrayList<>(List.of("sync-cf-routes", "--route-table-ids", RTB,
                "--nat-gateway-id", NAT, "--source", source));
        args.addAll(List.of(extra));
        return CliRun.run(env(), args.toArray(String[]::new));
    }

    Set<String> routesToNat() {
        return aws.ec2().routeTable(RTB).routes().stream().filter(r -> NAT.equals(r.natGatewayId()))
                .map(Ec2Local.Route::destination).collect(Collectors.toCollection(TreeSet::new));
    }

    Set<String> foreign() {
        return aws.ec2().routeTable(RTB).routes().stream().filter(r -> !NAT.equals(r.natGatewayId())
                || r.destination().equals("192.0.2.0/24")).map(Ec2Local.Route::destination).collect(Collectors.toCollection(TreeSet::new));
    }

    static String full() {
        return Fixtures.path(FULL).toString();
    }

    @Test
    void exact_shouldAdd180Routes_thenDoNothingOnTheSecondRun_andKeepForeignRoutes() throws Exception {
        Set<String> foreignBefore = foreign();

        CliRun first = sync(full(), "--max-routes", "1000", "--yes");

        assertThat(first.code()).as(first.out()).isZero();
        assertThat(first.firstLine()).isEqualTo("OK: CLOUDFRONT syncToken 1787433425, exact: added 180, removed 0 routes");
        Set<String> expected = new TreeSet<>(RouteCover.exact(IpRangesParser.parse(Files.readAllBytes(Fixtures.path(FULL)))
                .cidrs("CLOUDFRONT", IpFamily.IPV4)));
        expected.add("192.0.2.0/24");
        assertThat(routesToNat()).isEqualTo(expected);
        assertThat(aws.calls("ec2", "CreateRoute")).hasSize(180);
        assertThat(aws.calls("ec2", "DeleteRoute")).isEmpty();
        aws.clearCalls();

        CliRun second = sync(full(), "--max-routes", "1000", "--yes");

        assertThat(second.firstLine()).isEqualTo("OK: CLOUDFRONT syncToken 1787433425, exact: routes in sync on " + RTB);
        assertThat(aws.mutatingCalls()).isEmpty();
        assertThat(foreign()).isEqualTo(foreignBefore);
        assertThat(aws.ec2().routeTable(RTB).tags()).containsEntry("opsnotify:cf-sync-token", "1787433425");
    }

    @Test
    void fit_shouldStayWithinTheBudget_andReportExtraAddresses() throws Exception {
        CliRun r = sync(full(), "--strategy", "fit", "--max-routes", "50", "--yes", "--output", "json");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode j = json.readTree(r.out());
        assertThat(j.path("status").asText()).isEqualTo("OK");
        assertThat(j.path("routesWanted").asInt()).isEqualTo(47); // 50 minus local, 0.0.0.0/0 and 192.0.2.0/24
        assertThat(j.path("extraAddresses").asLong()).isPositive();
        assertThat(j.path("applied").asBoolean()).isTrue();
        assertThat(routesToNat()).hasSize(48);
        assertThat(aws.ec2().routeTable(RTB).routes()).hasSizeLessThanOrEqualTo(50);
    }

    @Test
    void dryRun_shouldPrintThePlan_andChangeNothing() {
        CliRun r = sync(full(), "--max-routes", "1000", "--dry-run");

        assertThat(r.code()).isZero();
        assertThat(r.firstLine()).isEqualTo("OK: CLOUDFRONT syncToken 1787433425, exact: dry run: would add 180, remove 0 routes");
        assertThat(r.out()).contains("  + 13.32.0.0/15");
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @Test
    void snsMessage_shouldCheckTheMd5OfTheDownload() throws Exception {
        byte[] bytes = Files.readAllBytes(Fixtures.path(FULL));
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/ip-ranges.json", ex -> {
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        http.createContext("/short.json", ex -> {
            byte[] half = Arrays.copyOf(bytes, bytes.length - 10);
            ex.sendResponseHeaders(200, half.length);
            ex.getResponseBody().write(half);
            ex.close();
        });
        http.start();
        try {
            String base = "http://127.0.0.1:" + http.getAddress().getPort();
            Path message = dir.resolve("notification.json");
            Files.writeString(message, Fixtures.read("fixtures/sns/amazon-ip-space-changed-2026-08-22.json")
                    .replace("https://ip-ranges.amazonaws.com/ip-ranges.json", base + "/ip-ranges.json"));
            Path badMessage = dir.resolve("bad-notification.json");
            Files.writeString(badMessage, Files.readString(message).replace("/ip-ranges.json", "/short.json"));

            CliRun ok = run("--sns-message", message.toString());
            CliRun bad = run("--sns-message", badMessage.toString());

            assertThat(ok.code()).as(ok.out()).isZero();
            assertThat(ok.firstLine()).startsWith("OK: CLOUDFRONT syncToken 1787433425");
            assertThat(bad.code()).isEqualTo(ExitCodes.CRITICAL);
            assertThat(bad.firstLine()).contains("md5 mismatch").contains("e1616793a58d9a5960dae96147216f6c");
        } finally {
            http.stop(0);
        }
    }

    CliRun run(String... extra) {
        List<String> args = new ArrayList<>(List.of("sync-cf-routes", "--route-table-ids", RTB,
                "--nat-gateway-id", NAT, "--max-routes", "1000", "--yes"));
        args.addAll(List.of(extra));
        return CliRun.run(env(), args.toArray(String[]::new));
    }

    @Test
    void unknownRouteTable_shouldBeCritical_namingEc2sErrorCode_inTextAndJson() throws Exception {
        CliRun text = run("--source", full(), "--route-table-ids", "rtb-0fffffff");
        CliRun doc = run("--source", full(), "--route-table-ids", "rtb-0fffffff", "--output", "json");

        assertThat(text.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(text.out()).isEqualTo("CRITICAL: AWS error InvalidRouteTableID.NotFound (Ec2): The routeTable ID "
                + "'rtb-0fffffff' does not exist: nothing changed\n");
        assertThat(doc.code()).isEqualTo(ExitCodes.CRITICAL);
        JsonNode j = json.readTree(doc.out());
        assertThat(j.path("status").asText()).isEqualTo("CRITICAL");
        assertThat(j.path("summary").asText()).isEqualTo(text.firstLine());
        assertThat(j.path("syncToken").isNull()).isTrue();
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @Test
    void declinedAtThePrompt_shouldShowThePlan_changeNothing_andExit1() {
        ScriptedConfirmer no = new ScriptedConfirmer(true, false);

        CliRun r = CliRun.run(env(), no, "sync-cf-routes", "--route-table-ids", RTB, "--nat-gateway-id", NAT, "--source", full(),
                "--max-routes", "1000");

        assertThat(r.code()).isEqualTo(ExitCodes.WARNING);
        assertThat(no.questions).containsExactly("Apply these route changes?");
        assertThat(r.out()).startsWith(RTB + " IPv4: 180 routes wanted").contains("  + 13.32.0.0/15")
                .endsWith("Not applied: nothing was changed.\n");
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"fit, 0", "FIT, 0", "Exact, 2", "best, -1", "'', -1"})
    void strategy_shouldBeExactOrFit_inAnyCase(String strategy, int exitOrUsage) {
        CliRun r = sync(full(), "--strategy", strategy, "--max-routes", "50", "--dry-run");

        if (exitOrUsage < 0) {
            assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
            assertThat(r.err()).startsWith("opsnotify: Invalid value for option '--strategy': must be exact or fit, got '"
                    + strategy + "'");
            assertThat(aws.calls()).isEmpty();
        } else {
            assertThat(r.code()).as(r.all()).isEqualTo(exitOrUsage); // exact needs 180 routes: CRITICAL with room for 47
            assertThat(r.firstLine()).contains(exitOrUsage == 0 ? ", fit: dry run: would add " : "needs 180 IPv4 routes");
        }
    }

    @Test
    void verifyHosts_shouldWarnAboutAnAddressTheRoutesDoNotCover() throws Exception {
        try (LocalDnsServer dns = LocalDnsServer.start()) {
            dns.answer("hooks.slack.com", "13.32.0.10", "54.192.0.10").answer("elsewhere.example", "198.51.100.7");

            CliRun covered = run("--source", full(), "--verify-hosts", "hooks.slack.com", "--resolver", dns.hostPort());
            CliRun notCovered = run("--source", full(), "--verify-hosts", "hooks.slack.com,elsewhere.example",
                    "--resolver", dns.hostPort(), "--output", "json");

            assertThat(covered.code()).as(covered.out()).isZero();
            assertThat(notCovered.code()).isEqualTo(ExitCodes.WARNING);
            JsonNode j = json.readTree(notCovered.out());
            assertThat(j.path("uncoveredHosts")).hasSize(1);
            assertThat(j.path("uncoveredHosts").get(0).path("host").asText()).isEqualTo("elsewhere.example");
            assertThat(j.path("uncoveredHosts").get(0).path("address").asText()).isEqualTo("198.51.100.7");
            assertThat(dns.queries()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void partialFailure_shouldNotRemove_andReportUnknown_thenConvergeOnRerun() throws Exception {
        sync(Fixtures.path("fixtures/ip-ranges/cloudfront-history/ip-ranges-cloudfront-2025-12-31.json").toString(),
                "--max-routes", "1000", "--yes");
        aws.failNext("ec2", "CreateRoute", "UnauthorizedOperation", 403, 1);
        aws.clearCalls();

        CliRun failed = sync(full(), "--max-routes", "1000", "--yes");

        assertThat(failed.code()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(failed.firstLine()).startsWith("UNKNOWN: ").contains("run again to converge");
        assertThat(aws.calls("ec2", "DeleteRoute")).isEmpty();

        CliRun again = sync(full(), "--max-routes", "1000", "--yes");
        assertThat(again.code()).as(again.out()).isZero();
        Set<String> want = new TreeSet<>(RouteCover.exact(IpRangesParser.parse(Files.readAllBytes(Fixtures.path(FULL)))
                .cidrs("CLOUDFRONT", IpFamily.IPV4)));
        want.add("192.0.2.0/24");
        assertThat(routesToNat()).isEqualTo(want);
    }

    @Test
    void throttling_shouldBeRiddenOut() {
        aws.failNext("ec2", "CreateRoute", "RequestLimitExceeded", 503, 2);
        aws.failNext("ec2", "DescribeRouteTables", "RequestLimitExceeded", 503, 1);

        CliRun r = sync(full(), "--max-routes", "1000", "--yes");

        assertThat(r.code()).as(r.out()).isZero();
        assertThat(routesToNat()).hasSize(181);
    }

    @Test
    void noTerminalAndNoYes_shouldRefuse() {
        CliRun r = sync(full(), "--max-routes", "1000");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("not applying: no terminal to confirm on");
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @Test
    void aDayToDayChange_shouldCostOneCallPerChangedRoute_plusOneStateWrite() throws Exception {
        Path before = Fixtures.path("fixtures/ip-ranges/cloudfront-history/ip-ranges-cloudfront-2026-06-30.json");
        sync(before.toString(), "--max-routes", "1000", "--yes");
        aws.clearCalls();

        CliRun r = sync(full(), "--max-routes", "1000", "--yes", "--output", "json");

        JsonNode j = json.readTree(r.out());
        int changed = j.path("add").size() + j.path("remove").size();
        assertThat(changed).isPositive();
        assertThat(aws.calls("ec2", "CreateRoute")).hasSize(j.path("add").size());
        assertThat(aws.calls("ec2", "DeleteRoute")).hasSize(j.path("remove").size());
        assertThat(aws.mutatingCalls()).hasSize(changed + 1); // + the CreateTags that records the syncToken
        assertThat(aws.calls("ec2", "CreateTags")).hasSize(1);
        // docs/performance.md quotes this run: its call count and list must stay what the run makes
        List<String> actions = aws.calls().stream().map(RecordedCall::action).distinct().toList();
        String doc = Files.readString(Path.of("..", "docs", "performance.md").toAbsolutePath().normalize());
        Matcher quoted = Pattern.compile("\\*\\*(\\d+) calls in all\\*\\*: ([^.]*)\\.").matcher(doc.replaceAll("\\s+", " "));
        assertThat(quoted.find()).as("docs/performance.md states the calls of a day-to-day change").isTrue();
        assertThat(Integer.parseInt(quoted.group(1))).as(quoted.group()).isEqualTo(aws.calls().size());
        assertThat(actions).allSatisfy(a -> assertThat(quoted.group(2)).contains(a));
        System.out.println("day-to-day 2026-06-30 -> 2026-08-22: add " + j.path("add").size() + ", remove "
                + j.path("remove").size() + ", mutating calls " + aws.mutatingCalls().size() + ", all calls " + aws.calls().size());
    }

    static final long PAST_TOKEN = 1787433425L; // 2026-08-22, the real file's

    /** A small hand-made ranges file: these CLOUDFRONT prefixes (IPv4 and IPv6) and one other service's. */
    Path ranges(String name, long syncToken, List<String> v4, List<String> v6) throws Exception {
        ObjectNode root = json.createObjectNode();
        root.put("syncToken", Long.toString(syncToken));
        root.put("createDate", DateTimeFormatter.ofPattern("uuuu-MM-dd-HH-mm-ss")
                .format(Instant.ofEpochSecond(syncToken).atOffset(ZoneOffset.UTC)));
        ArrayNode p4 = root.putArray("prefixes");
        v4.forEach(c -> p4.addObject().put("ip_prefix", c).put("region", "GLOBAL").put("service", "CLOUDFRONT")
                .put("network_border_group", "GLOBAL"));
        p4.addObject().put("ip_prefix", "3.5.140.0/22").put("region", "ap-northeast-2").put("service", "AMAZON")
                .put("network_border_group", "ap-northeast-2");
        ArrayNode p6 = root.putArray("ipv6_prefixes");
        v6.forEach(c -> p6.addObject().put("ipv6_prefix", c).put("region", "GLOBAL").put("service", "CLOUDFRONT")
                .put("network_border_group", "GLOBAL"));
        Path file = dir.resolve(name);
        json.writeValue(file.toFile(), root);
        return file;
    }

    @ParameterizedTest
    @CsvSource({
        "--min-prefix-length, 7", "--min-prefix-length, 0", "--min-prefix-length, -1", "--min-prefix-length, 33",
        "--min-ipv6-prefix-length, 15", "--min-ipv6-prefix-length, 0", "--min-ipv6-prefix-length, 129"})
    void floorBelowItsHardMinimum_shouldBeInvalidInput_beforeAnyAwsCall(String option, String value) {
        CliRun r = sync(full(), option, value, "--dry-run");

        assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("--min-prefix-length must be 8..32").contains("--min-ipv6-prefix-length 16..128");
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void missingCredentials_shouldBeOneTidySummaryLine_exit3() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        JarRunner.Result r = JarRunner.run(Map.of("AWS_REGION", "ap-northeast-1", "AWS_ENDPOINT_URL", aws.endpoint().toString(),
                "HOME", home.toString(), "AWS_SHARED_CREDENTIALS_FILE", home.resolve("none").toString(),
                "AWS_CONFIG_FILE", home.resolve("none-config").toString()), dir,
                "sync-cf-routes", "--route-table-ids", RTB, "--nat-gateway-id", NAT, "--source", full(), "--max-routes", "1000",
                "--yes");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCodes.UNKNOWN);
        String first = r.stdout().lines().findFirst().orElse("");
        // the same line as every other AWS command (AwsErrors), with sync-cf-routes' summary around it
        assertThat(first).startsWith("UNKNOWN: no usable AWS credentials (").contains("set AWS_ACCESS_KEY_ID")
                .endsWith(": nothing changed");
        assertThat(first.length()).isLessThan(300);
        assertThat(r.stdout().lines().count()).isEqualTo(1);
        assertThat(r.stderr()).isEmpty();
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void badAwsIds_shouldBeInvalidInput_beforeTheRangesAreDownloaded() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        byte[] bytes = Files.readAllBytes(Fixtures.path(FULL));
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/";

            CliRun badRtb = CliRun.run(env(), "sync-cf-routes", "--route-table-ids", "rtb-1,rtb-2", "--nat-gateway-id", NAT,
                    "--source", url, "--yes");
            CliRun badNat = CliRun.run(env(), "sync-cf-routes", "--route-table-ids", RTB, "--nat-gateway-id", "nat-0123",
                    "--source", url, "--yes");

            assertThat(badRtb.code()).as(badRtb.all()).isEqualTo(ExitCodes.CRITICAL);
            assertThat(badRtb.err()).contains("--route-table-ids").contains("rtb-1");
            assertThat(badNat.code()).as(badNat.all()).isEqualTo(ExitCodes.CRITICAL);
            assertThat(badNat.err()).contains("--nat-gateway-id").contains("nat-0123");
            assertThat(requests.get()).as("downloads of ip-ranges.json").isZero();
            assertThat(aws.calls()).isEmpty();
        } finally {
            http.stop(0);
        }
    }

    @Test
    void awsTimeout_shouldBeNamedInTheSummary_withTheSharedAwsWording() {
        aws.hangEverything();

        CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(90),
                () -> sync(full(), "--max-routes", "1000", "--yes", "-t", "2"));

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.firstLine()).as(r.all())
                .matches("UNKNOWN: timed out after \\d+ s waiting for EC2 Describe\\w+ \\(--timeout 2\\): nothing changed");
        assertThat(r.out().lines().count()).isEqualTo(1);
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @Test
    void awsTimeoutWhileApplying_shouldBeNamedInTheSummary() throws Exception {
        Path file = ranges("two.json", PAST_TOKEN, List.of("13.32.0.0/15", "54.192.0.0/16"), List.of());
        aws.hangNext("ec2", "CreateRoute", Integer.MAX_VALUE);

        CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(90),
                () -> sync(file.toString(), "--max-routes", "1000", "--yes", "-t", "4"));

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.firstLine()).as(r.all()).startsWith("UNKNOWN: ")
                .contains("timed out after ", "waiting for EC2 CreateRoute (--timeout 4)");
        assertThat(aws.ec2().routeTable(RTB).routes()).noneMatch(x -> x.destination().equals("13.32.0.0/15"));
    }
}
