package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.opsnotify.awslocal.AwsLocal;
import io.opsnotify.awslocal.Ec2Local;
import io.opsnotify.routes.IpFamily;
import io.opsnotify.routes.IpRangesParser;
import io.opsnotify.routes.RouteCover;
import io.opsnotify.testkit.Fixtures;
import io.opsnotify.testkit.LocalDnsServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sync-cf-routes through the real EC2 SDK client against the local endpoint, with the real ip-ranges data. */
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
        List<String> args = new java.util.ArrayList<>(List.of("sync-cf-routes", "--route-table-ids", RTB,
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
    void exact_shouldRefuseWithTheQuotaHint_whenTheMergedSetExceedsMaxRoutes() {
        CliRun r = sync(full(), "--max-routes", "50", "--yes");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.firstLine()).startsWith("CRITICAL: CLOUDFRONT needs 180 IPv4 routes (merged)").contains("L-93826ACB").contains("--strategy fit");
        assertThat(aws.mutatingCalls()).isEmpty();
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
    void replay_shouldConvergeAtEveryQuarter_andLeaveForeignRoutesAlone() throws Exception {
        Set<String> foreignBefore = foreign();
        List<Path> history;
        try (Stream<Path> s = Files.list(Fixtures.path("fixtures/ip-ranges/cloudfront-history"))) {
            history = s.sorted().toList();
        }
        assertThat(history).hasSizeGreaterThan(30);
        for (Path snapshot : history) {
            CliRun r = sync(snapshot.toString(), "--max-routes", "1000", "--yes");
            assertThat(r.code()).as(snapshot + ": " + r.out()).isZero();
            aws.clearCalls();
            CliRun again = sync(snapshot.toString(), "--max-routes", "1000", "--yes");
            assertThat(again.firstLine()).as(snapshot.toString()).contains("routes in sync");
            assertThat(aws.mutatingCalls()).as(snapshot.toString()).isEmpty();
            Set<String> want = new TreeSet<>(RouteCover.exact(IpRangesParser.parse(Files.readAllBytes(snapshot))
                    .cidrs("CLOUDFRONT", IpFamily.IPV4)));
            want.add("192.0.2.0/24");
            assertThat(routesToNat()).as(snapshot.toString()).isEqualTo(want);
            assertThat(foreign()).isEqualTo(foreignBefore);
        }
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
    void olderSyncToken_shouldWarnAndChangeNothing() {
        sync(full(), "--max-routes", "1000", "--yes");
        aws.clearCalls();

        CliRun r = sync(Fixtures.path("fixtures/ip-ranges/cloudfront-history/ip-ranges-cloudfront-2025-12-31.json").toString(),
                "--max-routes", "1000", "--yes");

        assertThat(r.code()).isEqualTo(ExitCodes.WARNING);
        assertThat(r.firstLine()).startsWith("WARNING: " + RTB + " already has syncToken 1787433425, newer than this file's");
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @Test
    void shrunkenPrefixCount_shouldBeRefused_unlessForced() throws Exception {
        sync(full(), "--max-routes", "1000", "--yes");
        aws.clearCalls();
        JsonNode all = json.readTree(Fixtures.path(FULL).toFile());
        com.fasterxml.jackson.databind.node.ArrayNode prefixes = (com.fasterxml.jackson.databind.node.ArrayNode) all.get("prefixes");
        com.fasterxml.jackson.databind.node.ArrayNode kept = json.createArrayNode();
        int cf = 0;
        for (JsonNode p : prefixes) {
            if (!p.path("service").asText().equals("CLOUDFRONT") || cf++ < 100) {
                kept.add(p);
            }
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) all).set("prefixes", kept);
        ((com.fasterxml.jackson.databind.node.ObjectNode) all).put("syncToken", "1787433999");
        Path shrunk = dir.resolve("shrunk.json");
        json.writeValue(shrunk.toFile(), all);

        CliRun refused = sync(shrunk.toString(), "--max-routes", "1000", "--yes");
        CliRun forced = sync(shrunk.toString(), "--max-routes", "1000", "--yes", "--force");

        assertThat(refused.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(refused.firstLine()).contains("a drop of more than a third").contains("--force");
        assertThat(forced.code()).as(forced.out()).isZero();
        assertThat(forced.firstLine()).contains("removed");
    }

    @Test
    void truncatedOrCorruptFile_shouldBeCritical_andChangeNothing() throws Exception {
        byte[] bytes = Files.readAllBytes(Fixtures.path(FULL));
        Path truncated = dir.resolve("truncated.json");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        CliRun r = sync(truncated.toString(), "--max-routes", "1000", "--yes");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.firstLine()).startsWith("CRITICAL: ").endsWith("nothing changed");
        assertThat(aws.calls()).isEmpty();
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
            byte[] half = java.util.Arrays.copyOf(bytes, bytes.length - 10);
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
        List<String> args = new java.util.ArrayList<>(List.of("sync-cf-routes", "--route-table-ids", RTB,
                "--nat-gateway-id", NAT, "--max-routes", "1000", "--yes"));
        args.addAll(List.of(extra));
        return CliRun.run(env(), args.toArray(String[]::new));
    }

    @Test
    void unknownRouteTableOrNatInAnotherVpc_shouldBeCritical() {
        CliRun unknown = run("--source", full(), "--route-table-ids", "rtb-0fffffff");
        StringWriter out = new StringWriter();
        int code = Opsnotify.run(new CliContext(env(), ScriptedConfirmer.noTerminal()), new PrintWriter(out), new PrintWriter(out),
                "sync-cf-routes", "--route-table-ids", RTB, "--nat-gateway-id", "nat-0ffff000000000000", "--source", full(),
                "--max-routes", "1000", "--yes");

        assertThat(unknown.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(unknown.firstLine()).contains("InvalidRouteTableID.NotFound");
        assertThat(code).isEqualTo(ExitCodes.CRITICAL);
        assertThat(out.toString().lines().findFirst().orElse("")).contains("NAT gateway nat-0ffff000000000000 is in vpc-0other00");
        assertThat(aws.mutatingCalls()).isEmpty();
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
        List<String> actions = aws.calls().stream().map(io.opsnotify.awslocal.RecordedCall::action).distinct().toList();
        String doc = Files.readString(Path.of("..", "docs", "performance.md").toAbsolutePath().normalize());
        var quoted = java.util.regex.Pattern.compile("\\*\\*(\\d+) calls in all\\*\\*: ([^.]*)\\.").matcher(doc.replaceAll("\\s+", " "));
        assertThat(quoted.find()).as("docs/performance.md states the calls of a day-to-day change").isTrue();
        assertThat(Integer.parseInt(quoted.group(1))).as(quoted.group()).isEqualTo(aws.calls().size());
        assertThat(actions).allSatisfy(a -> assertThat(quoted.group(2)).contains(a));
        System.out.println("day-to-day 2026-06-30 -> 2026-08-22: add " + j.path("add").size() + ", remove "
                + j.path("remove").size() + ", mutating calls " + aws.mutatingCalls().size() + ", all calls " + aws.calls().size());
    }

    // ---- issue 9 §2: never route the internet, private or special-purpose space through the NAT ----

    static final long PAST_TOKEN = 1787433425L; // 2026-08-22, the real file's

    /** A small hand-made ranges file: these CLOUDFRONT prefixes (IPv4 and IPv6) and one other service's. */
    Path ranges(String name, long syncToken, List<String> v4, List<String> v6) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode root = json.createObjectNode();
        root.put("syncToken", Long.toString(syncToken));
        root.put("createDate", java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd-HH-mm-ss")
                .format(java.time.Instant.ofEpochSecond(syncToken).atOffset(java.time.ZoneOffset.UTC)));
        com.fasterxml.jackson.databind.node.ArrayNode p4 = root.putArray("prefixes");
        v4.forEach(c -> p4.addObject().put("ip_prefix", c).put("region", "GLOBAL").put("service", "CLOUDFRONT")
                .put("network_border_group", "GLOBAL"));
        p4.addObject().put("ip_prefix", "3.5.140.0/22").put("region", "ap-northeast-2").put("service", "AMAZON")
                .put("network_border_group", "ap-northeast-2");
        com.fasterxml.jackson.databind.node.ArrayNode p6 = root.putArray("ipv6_prefixes");
        v6.forEach(c -> p6.addObject().put("ipv6_prefix", c).put("region", "GLOBAL").put("service", "CLOUDFRONT")
                .put("network_border_group", "GLOBAL"));
        Path file = dir.resolve(name);
        json.writeValue(file.toFile(), root);
        return file;
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "4, 1 route",   // 50 → 0.0.0.0/0 before
        "6, 3 routes",  // 0.0.0.0/1, 128.0.0.0/2, 192.0.0.0/3 before: 10/8 and 192.168/16 through the NAT
        "30, 27 routes"})
    void fit_shouldRefuseWithTheMinimumRouteCount_andAddNothing_whenTheRoomCannotHoldASafeCover(int maxRoutes, String room) {
        CliRun r = sync(full(), "--strategy", "fit", "--max-routes", Integer.toString(maxRoutes), "--yes");

        assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.firstLine()).startsWith("CRITICAL: CLOUDFRONT needs at least 36 IPv4 routes with no route wider than /8")
                .contains("has room for " + room.split(" ")[0] + " ");
        assertThat(aws.mutatingCalls()).isEmpty();
        assertThat(routesToNat()).containsExactly("192.0.2.0/24");
    }

    @Test
    void fit_shouldApplyACoverWithinTheFloor_andStateTheExtraAddresses_atTheMinimumRouteCount() throws Exception {
        CliRun r = sync(full(), "--strategy", "fit", "--max-routes", "39", "--max-extra-addresses", "200000000", "--yes",
                "--output", "json"); // room for 36, which route 151,689,083 extra addresses

        assertThat(r.code()).as(r.out()).isZero();
        JsonNode j = json.readTree(r.out());
        assertThat(j.path("routesWanted").asInt()).isEqualTo(36);
        assertThat(j.path("extraAddresses").asLong()).isEqualTo(151_689_083L);
        for (String route : routesToNat()) {
            if (!route.equals("192.0.2.0/24")) {
                assertThat(Integer.parseInt(route.substring(route.indexOf('/') + 1))).as(route).isGreaterThanOrEqualTo(8);
                assertThat(io.opsnotify.routes.SafeDestinations.globalOnly().refusal(route)).as(route).isEmpty();
            }
        }
    }

    @Test
    void fit_shouldRefuse_whenTheExtraAddressesExceedTheCeiling() {
        CliRun r = sync(full(), "--strategy", "fit", "--max-routes", "50", "--max-extra-addresses", "1000000", "--yes");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.firstLine()).startsWith("CRITICAL: CLOUDFRONT fits in 47 IPv4 routes only by routing 67307899 extra addresses")
                .contains("ceiling of 1000000").contains("--max-extra-addresses");
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "10.0.0.0/8     |                | 10.0.0.0/8 is 10.0.0.0/8, private space (RFC 1918)",
        "0.0.0.0/0      |                | 0.0.0.0/0 is a default route",
        "192.168.0.0/16 |                | 192.168.0.0/16 is 192.168.0.0/16, private space (RFC 1918)",
        "100.64.0.0/10  |                | shared address space",
        "169.254.0.0/16 |                | link-local",
        "               | fc00::/7       | fc00::/7 is fc00::/7, unique local addresses (ULA)",
        "               | fe80::/10      | fe80::/10 is fe80::/10, link-local",
        "               | ::/0           | ::/0 is a default route",
        "52.84.0.0/15   |                | 52.84.0.0/15 contains 52.84.0.0/16, the VPC's own CIDR (vpc-0abc1234)",
        "               | 2600:1f18::/32 | 2600:1f18::/32 contains 2600:1f18:1234:5600::/56, the VPC's own CIDR"})
    void hostileRangesFile_shouldBeRefused_namingTheRouteAndWhy_andChangeNothing(String v4, String v6, String why)
            throws Exception {
        aws.ec2().addVpc("vpc-0abc1234", "10.0.0.0/16").associateCidr("52.84.0.0/16").associateCidr("2600:1f18:1234:5600::/56");
        aws.ec2().routeTable(RTB).addGatewayRoute("::/0", "igw-0123456789abcdef0"); // the table routes IPv6: plan it
        List<String> four = new java.util.ArrayList<>(List.of("13.32.0.0/15", "54.192.0.0/16"));
        List<String> six = new java.util.ArrayList<>(List.of("2600:9000:1000::/36"));
        if (v4 != null) {
            four.add(v4);
        }
        if (v6 != null) {
            six.add(v6);
        }
        Path file = ranges("hostile.json", PAST_TOKEN, four, six);

        CliRun r = sync(file.toString(), "--max-routes", "1000", "--yes");

        assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.firstLine()).startsWith("CRITICAL: " + RTB + ": the published ranges give the route ").contains(why)
                .endsWith("nothing changed");
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    // ---- finding 5: the prefix-length floor bounds every planned route, published ones included ----

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "exact | 12.0.0.0/6     |             | 12.0.0.0/6 is wider than /8 (--min-prefix-length)",
        "exact | 32.0.0.0/3     |             | 32.0.0.0/3 is wider than /8 (--min-prefix-length)",
        "exact | 8.0.0.0/7      |             | 8.0.0.0/7 is wider than /8 (--min-prefix-length)",
        "fit   | 12.0.0.0/6     |             | 12.0.0.0/6 is wider than /8 (--min-prefix-length)",
        "exact |                | 2a00::/12   | 2a00::/12 is wider than /32 (--min-ipv6-prefix-length)",
        "fit   |                | 2a00::/12   | 2a00::/12 is wider than /32 (--min-ipv6-prefix-length)"})
    void publishedRouteWiderThanTheFloor_shouldBeCritical_namingTheRouteAndTheFloor_andChangeNothing(
            String strategy, String v4, String v6, String why) throws Exception {
        aws.ec2().routeTable(RTB).addGatewayRoute("::/0", "igw-0123456789abcdef0"); // the table routes IPv6: plan it
        List<String> four = new java.util.ArrayList<>(List.of("13.32.0.0/15", "54.192.0.0/16"));
        List<String> six = new java.util.ArrayList<>(List.of("2600:9000:1000::/36"));
        if (v4 != null) {
            four.add(v4);
        }
        if (v6 != null) {
            six.add(v6);
        }
        Path file = ranges("wide.json", PAST_TOKEN, four, six);

        CliRun r = sync(file.toString(), "--strategy", strategy, "--max-routes", "1000", "--yes");

        assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.firstLine()).as(r.out()).startsWith("CRITICAL: " + RTB + ": ").contains(why).endsWith("nothing changed");
        assertThat(aws.mutatingCalls()).isEmpty();
        assertThat(routesToNat()).containsExactly("192.0.2.0/24");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "--min-prefix-length, 7", "--min-prefix-length, 0", "--min-prefix-length, -1", "--min-prefix-length, 33",
        "--min-ipv6-prefix-length, 15", "--min-ipv6-prefix-length, 0", "--min-ipv6-prefix-length, 129"})
    void floorBelowItsHardMinimum_shouldBeInvalidInput_beforeAnyAwsCall(String option, String value) {
        CliRun r = sync(full(), option, value, "--dry-run");

        assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("--min-prefix-length must be 8..32").contains("--min-ipv6-prefix-length 16..128");
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void nonCanonicalAddress_shouldBeRefused_notReadAsAnotherBlock() throws Exception {
        Path file = ranges("octal.json", PAST_TOKEN, List.of("13.32.0.0/15", "010.000.000.000/8"), List.of());

        CliRun r = sync(file.toString(), "--max-routes", "1000", "--yes");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.firstLine()).isEqualTo("CRITICAL: ip-ranges.json prefixes[1]: CIDR not in canonical form (leading zeros): "
                + "\"010.000.000.000/8\": nothing changed");
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void futureDatedFile_shouldBeRefused_andChangeNothing() throws Exception {
        long future = java.time.Instant.now().plus(java.time.Duration.ofDays(2)).getEpochSecond();
        Path file = ranges("future.json", future, List.of("13.32.0.0/15"), List.of());

        CliRun r = sync(file.toString(), "--max-routes", "1000", "--yes");

        assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.firstLine()).startsWith("CRITICAL: the file is dated in the future (syncToken " + future);
        assertThat(aws.mutatingCalls()).isEmpty();
        assertThat(aws.ec2().routeTable(RTB).tags()).doesNotContainKey("opsnotify:cf-sync-token");
    }

    @Test
    void tableTaggedWithAFutureSyncToken_shouldBeCritical_andRecoverWithForce() {
        long future = java.time.Instant.now().plus(java.time.Duration.ofDays(3650)).getEpochSecond();
        aws.ec2().routeTable(RTB).tag("opsnotify:cf-sync-token", Long.toString(future));

        CliRun frozen = sync(full(), "--max-routes", "1000", "--yes");

        assertThat(frozen.code()).as(frozen.out()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(frozen.firstLine()).contains(RTB + " remembers syncToken " + future).contains("in the future").contains("--force");
        assertThat(aws.mutatingCalls()).isEmpty();

        CliRun forced = sync(full(), "--max-routes", "1000", "--yes", "--force");

        assertThat(forced.code()).as(forced.out()).isZero();
        assertThat(forced.firstLine()).isEqualTo("OK: CLOUDFRONT syncToken 1787433425, exact: added 180, removed 0 routes");
        assertThat(aws.ec2().routeTable(RTB).tags()).containsEntry("opsnotify:cf-sync-token", "1787433425");
        aws.clearCalls();
        CliRun after = sync(full(), "--max-routes", "1000", "--yes");
        assertThat(after.firstLine()).contains("routes in sync");
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @Test
    void shrinkGuard_shouldNotBeWalkableInSmallSteps_butComparedWithTheLargestRecentCount() throws Exception {
        JsonNode all = json.readTree(Fixtures.path(FULL).toFile());
        List<String> v4 = new java.util.ArrayList<>();
        all.get("prefixes").forEach(p -> {
            if (p.path("service").asText().equals("CLOUDFRONT")) {
                v4.add(p.path("ip_prefix").asText());
            }
        });
        List<String> v6 = new java.util.ArrayList<>();
        all.get("ipv6_prefixes").forEach(p -> {
            if (p.path("service").asText().equals("CLOUDFRONT")) {
                v6.add(p.path("ipv6_prefix").asText());
            }
        });
        int peak = v4.size() + v6.size();
        CliRun start = sync(full(), "--max-routes", "1000", "--yes");
        assertThat(start.code()).as(start.out()).isZero();

        // Each step drops less than a third of the step before; together they drop more than a third of the peak.
        int[] totals = {peak * 5 / 6, peak * 5 / 6 * 5 / 6, peak * 5 / 6 * 5 / 6 * 5 / 6};
        long day = 86_400;
        for (int i = 0; i < 2; i++) {
            Path step = ranges("step" + i + ".json", PAST_TOKEN + (i + 1) * day, v4.subList(0, totals[i] - v6.size()), v6);
            CliRun r = sync(step.toString(), "--max-routes", "1000", "--yes");
            assertThat(r.code()).as("step " + i + ": " + r.out()).isZero();
        }
        Path third = ranges("step2.json", PAST_TOKEN + 3 * day, v4.subList(0, totals[2] - v6.size()), v6);
        aws.clearCalls();

        CliRun refused = sync(third.toString(), "--max-routes", "1000", "--yes");

        assertThat(refused.code()).as(refused.out()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(refused.firstLine()).contains("has " + totals[2] + " prefixes in this file, up to " + peak)
                .contains("a drop of more than a third").contains("--force");
        assertThat(aws.mutatingCalls()).isEmpty();
        assertThat(aws.ec2().routeTable(RTB).tags()).containsEntry("opsnotify:cf-prefix-peak", peak + "@" + PAST_TOKEN);

        Path monthLater = ranges("later.json", PAST_TOKEN + 31 * day, v4.subList(0, totals[2] - v6.size()), v6);
        CliRun afterTheWindow = sync(monthLater.toString(), "--max-routes", "1000", "--yes");
        assertThat(afterTheWindow.code()).as("the peak is older than 30 days; the last count is not: " + afterTheWindow.out())
                .isZero();
    }

    @Test
    void ipv4OnlyService_shouldBeSynced() {
        CliRun r = sync(full(), "--service", "DYNAMODB", "--max-routes", "1000", "--yes");

        assertThat(r.err()).isEmpty();
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.firstLine()).startsWith("OK: DYNAMODB syncToken 1787433425, exact: added ");
        assertThat(aws.calls("ec2", "CreateRoute")).isNotEmpty();
    }

    @Test
    void emptyIpv6List_shouldNotBreakCloudFront_andLeaveIpv6RoutesAlone() throws Exception {
        aws.ec2().routeTable(RTB).addRoute("2600:9000::/28", NAT);
        Path file = ranges("v4only.json", PAST_TOKEN, List.of("13.32.0.0/15", "54.192.0.0/16"), List.of());

        CliRun r = sync(file.toString(), "--max-routes", "1000", "--yes");

        assertThat(r.err()).isEmpty();
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.firstLine()).isEqualTo("OK: CLOUDFRONT syncToken 1787433425, exact: added 2, removed 0 routes");
        assertThat(routesToNat()).containsExactlyInAnyOrder("13.32.0.0/15", "54.192.0.0/16", "192.0.2.0/24", "2600:9000::/28");
    }

    @Test
    void controlCharactersFromTheRangesFile_shouldNeverReachTheTerminalRaw() throws Exception {
        Path file = ranges("esc.json", PAST_TOKEN, List.of("13.32.0.0/15\u001b]0;owned\u0007\r\u202e"), List.of());

        CliRun r = sync(file.toString(), "--max-routes", "1000", "--yes");
        CliRun service = sync(full(), "--service", "CLOUD\u001b[2J\u202eFRONT", "--max-routes", "1000", "--yes",
                "--output", "json");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.out()).doesNotContain("\u001b", "\u0007", "\r", "\u202e").contains("\\u001B]0;owned\\u0007\\u000D\\u202E");
        assertThat(r.out().lines().count()).isEqualTo(1);
        assertThat(service.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(service.out()).doesNotContain("\u001b", "\u202e");
        assertThat(json.readTree(service.out()).path("summary").asText()).contains("CLOUD\\u001B[2J\\u202EFRONT")
                .doesNotContain("\u001b");
        assertThat(aws.mutatingCalls()).isEmpty();
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
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
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

        CliRun r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(90),
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

        CliRun r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(90),
                () -> sync(file.toString(), "--max-routes", "1000", "--yes", "-t", "4"));

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.firstLine()).as(r.all()).startsWith("UNKNOWN: ")
                .contains("timed out after ", "waiting for EC2 CreateRoute (--timeout 4)");
        assertThat(aws.ec2().routeTable(RTB).routes()).noneMatch(x -> x.destination().equals("13.32.0.0/15"));
    }

    @Test
    void connectionLostWhileApplying_shouldBeListedAsFailedChanges_notEscapeTheReport() throws Exception {
        Path file = ranges("two.json", PAST_TOKEN, List.of("13.32.0.0/15", "54.192.0.0/16"), List.of());
        io.opsnotify.routes.IpRanges ranges = IpRangesParser.parse(Files.readAllBytes(file), "CLOUDFRONT");
        io.opsnotify.routes.RouteSync.Options o = new io.opsnotify.routes.RouteSync.Options(List.of(RTB), NAT, "CLOUDFRONT",
                io.opsnotify.routes.RouteSync.Strategy.EXACT, 1000, false, new io.opsnotify.routes.RouteSync.Limits(8, 32,
                java.math.BigInteger.valueOf(1L << 27), java.math.BigInteger.ONE.shiftLeft(97)), java.time.Instant.now());
        try (io.opsnotify.aws.AwsClients clients = new io.opsnotify.aws.AwsClients(
                io.opsnotify.aws.AwsSettings.resolve(null, null, null, env()))) {
            io.opsnotify.routes.RouteSync sync = new io.opsnotify.routes.RouteSync(clients);
            io.opsnotify.routes.RouteSync.Plan plan = sync.plan(ranges, null, o);
            aws.close(); // the endpoint goes away between the plan and the changes

            sync.apply(plan, line -> { }, e -> e.getClass().getSimpleName());

            assertThat(plan.tables().get(0).failed).containsExactly("add 13.32.0.0/15: SdkClientException",
                    "add 54.192.0.0/16: SdkClientException", "record state in tags: SdkClientException");
            assertThat(plan.tables().get(0).added).isEmpty();
        }
    }
}
