package io.opsnotify.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangesParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SMALL = """
            {"syncToken": "1506624133", "createDate": "2017-09-28-18-42-13",
             "prefixes": [{"ip_prefix": "13.32.0.0/15", "region": "GLOBAL", "service": "CLOUDFRONT"}],
             "ipv6_prefixes": [{"ipv6_prefix": "2600:9000::/28", "region": "GLOBAL", "service": "CLOUDFRONT"}]}
            """;

    @Test
    void parse_shouldReadTokenDateAndEveryPrefix_whenRealFullFile() {
        byte[] bytes = RangesFixtures.fullBytes();

        IpRanges ranges = IpRangesParser.parse(bytes);

        List<IpPrefix> v4 = ranges.prefixes("CLOUDFRONT", IpFamily.IPV4);
        assertThat(ranges.syncToken()).isEqualTo(1787433425L);
        assertThat(ranges.createDate()).isEqualTo("2026-08-22-21-17-05");
        assertThat(ranges.prefixes()).hasSize(10666 + 6160);
        assertThat(v4).hasSize(211);
        assertThat(v4.stream().filter(p -> p.region().equals("GLOBAL"))).hasSize(118);
        assertThat(v4.get(0)).isEqualTo(new IpPrefix("23.228.249.0/24", IpFamily.IPV4, "CLOUDFRONT", "GLOBAL", "GLOBAL"));
        assertThat(ranges.prefixes("CLOUDFRONT", IpFamily.IPV6)).hasSize(32)
                .allSatisfy(p -> assertThat(p.cidr()).contains(":"));
    }

    @Test
    void parse_shouldReadEveryHistorySlice_withGrowingSyncTokenAndTheDocumentedCounts() {
        List<Path> slices = RangesFixtures.history();
        Map<String, Integer> documented = Map.of("2017-09-28", 41, "2019-12-20", 67, "2020-12-31", 120,
                "2023-12-29", 150, "2025-12-31", 198, "2026-08-22", 211);
        Map<String, Integer> observed = new TreeMap<>();
        long previousToken = 0;

        for (Path slice : slices) {
            IpRanges ranges = IpRangesParser.parse(RangesFixtures.bytes(slice));
            assertThat(ranges.syncToken()).as(slice.toString()).isGreaterThan(previousToken);
            assertThat(ranges.createDate()).as(slice.toString()).matches("\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}");
            previousToken = ranges.syncToken();
            observed.put(RangesFixtures.date(slice), ranges.prefixes("CLOUDFRONT", IpFamily.IPV4).size());
        }

        assertThat(slices).hasSize(37);
        documented.forEach((date, count) -> assertThat(observed).containsEntry(date, count));
        IpRanges first = IpRangesParser.parse(RangesFixtures.bytes(slices.get(0)));
        assertThat(first.syncToken()).isEqualTo(1506624133L);
        assertThat(first.prefixes()).allSatisfy(p -> assertThat(p.networkBorderGroup()).isNull());
    }

    @Test
    void parse_shouldKeepOnlyTheRequestedService_andStillRejectItsCorruptCidrs() {
        String text = new String(RangesFixtures.fullBytes(), StandardCharsets.UTF_8);
        byte[] corruptedCloudFront = text.replace("\"23.228.249.0/24\"", "\"23.228.249.1/24\"")
                .getBytes(StandardCharsets.UTF_8);

        IpRanges cloudFront = IpRangesParser.parse(RangesFixtures.fullBytes(), "CLOUDFRONT");

        assertThat(cloudFront.prefixes()).hasSize(211 + 32).allSatisfy(p -> assertThat(p.service()).isEqualTo("CLOUDFRONT"));
        assertThat(cloudFront.cidrs("CLOUDFRONT", IpFamily.IPV4)).isEqualTo(RangesFixtures.full().cidrs("CLOUDFRONT", IpFamily.IPV4));
        assertThat(cloudFront.syncToken()).isEqualTo(1787433425L);
        assertThatThrownBy(() -> IpRangesParser.parse(corruptedCloudFront, "CLOUDFRONT"))
                .isInstanceOf(InvalidIpRangesException.class)
                .hasMessageContaining("host bits set: \"23.228.249.1/24\"");
    }

    @Test
    void parse_shouldRejectAsTruncated_whenTheRealFileIsCutInHalf() {
        byte[] full = RangesFixtures.fullBytes();
        byte[] half = Arrays.copyOf(full, full.length / 2);

        assertThatThrownBy(() -> IpRangesParser.parse(half))
                .isInstanceOf(InvalidIpRangesException.class)
                .hasMessageContaining("not valid JSON (truncated or corrupt download?)")
                .hasMessageContaining("end-of-input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html><body>503 Service Unavailable</body></html>", "{\"syncToken\": ", "[]", " "})
    void parse_shouldReject_whenTheBodyIsNotAnIpRangesDocument(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> IpRangesParser.parse(bytes))
                .isInstanceOf(InvalidIpRangesException.class)
                .hasMessageStartingWith("ip-ranges.json");
    }

    @Test
    void parse_shouldReject_whenValidJsonIsFollowedByGarbage() {
        byte[] bytes = (SMALL + "{\"syncToken\": 1}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> IpRangesParser.parse(bytes))
                .isInstanceOf(InvalidIpRangesException.class)
                .hasMessageContaining("not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"syncToken", "createDate", "prefixes"})
    void parse_shouldNameTheMissingField_whenARequiredFieldIsAbsent(String field) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(SMALL);
        doc.remove(field);
        byte[] bytes = JSON.writeValueAsBytes(doc);

        assertThatThrownBy(() -> IpRangesParser.parse(bytes))
                .isInstanceOf(InvalidIpRangesException.class)
                .hasMessage("ip-ranges.json: missing \"" + field + "\"" + (field.equals("prefixes") ? " array" : ""));
    }

    @Test
    void parse_shouldAcceptTheSmallDocument_thatTheRejectionTestsStartFrom() {
        byte[] bytes = SMALL.getBytes(StandardCharsets.UTF_8);

        IpRanges ranges = IpRangesParser.parse(bytes);

        assertThat(ranges.cidrs("CLOUDFRONT", IpFamily.IPV4)).containsExactly("13.32.0.0/15");
        assertThat(ranges.cidrs("CLOUDFRONT", IpFamily.IPV6)).containsExactly("2600:9000::/28");
    }

    @ParameterizedTest
    @ValueSource(strings = {"13.32.0.0/33", "13.32.0/15", "13.32.0.0", "13.32.0.0-13.33.255.255", "13.32.*.*/15", "not-a-cidr"})
    void parse_shouldNameTheEntry_whenAPrefixIsNotAValidCidr(String corrupt) {
        byte[] bytes = SMALL.replace("13.32.0.0/15", corrupt).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> IpRangesParser.parse(bytes))
                .isInstanceOf(InvalidIpRangesException.class)
                .hasMessage("ip-ranges.json prefixes[0]: not a valid CIDR: \"" + corrupt + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"013.032.000.000/15", "13.32.0.0/015", "2600:9000:0::/28", "2600:9000::/028", "2600:9000::/28 ",
        " 13.32.0.0/15"})
    void parse_shouldRejectAndNotReinterpret_whenACidrIsNotWrittenCanonically(String spelling) {
        byte[] bytes = SMALL.replace(spelling.contains(":") ? "2600:9000::/28" : "13.32.0.0/15", spelling)
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> IpRangesParser.parse(bytes))
                .isInstanceOf(InvalidIpRangesException.class)
                .hasMessageContaining("\"" + spelling + "\"");
    }

    @Test
    void parse_shouldReject_010_000_000_000_asNotCanonical_ratherThanReadItAs10Or8() {
        byte[] bytes = SMALL.replace("13.32.0.0/15", "010.000.000.000/8").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> IpRangesParser.parse(bytes))
                .isInstanceOf(InvalidIpRangesException.class)
                .hasMessage("ip-ranges.json prefixes[0]: CIDR not in canonical form (leading zeros): \"010.000.000.000/8\"");
    }

    @Test
    void parse_shouldAcceptEveryRealSnapshot_allWrittenCanonically() {
        assertThat(IpRangesParser.parse(RangesFixtures.fullBytes()).prefixes()).hasSizeGreaterThan(10_000);
        RangesFixtures.history().forEach(p -> assertThat(IpRangesParser.parse(RangesFixtures.bytes(p)).prefixes()).isNotEmpty());
    }

    @Test
    void parse_shouldRejectTheRealFile_whenOnePrefixIsCorrupted() {
        String text = new String(RangesFixtures.fullBytes(), StandardCharsets.UTF_8);
        byte[] corrupted = text.replaceFirst("\"23\\.228\\.249\\.0/24\"", "\"23.228.249.0/2x\"").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> IpRangesParser.parse(corrupted))
                .isInstanceOf(InvalidIpRangesException.class)
                .hasMessageContaining("not a valid CIDR: \"23.228.249.0/2x\"");
    }

    @Test
    void parse_shouldReject_whenACidrHasHostBitsSet() {
        byte[] bytes = SMALL.replace("13.32.0.0/15", "13.33.0.0/15").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> IpRangesParser.parse(bytes))
                .isInstanceOf(InvalidIpRangesException.class)
                .hasMessage("ip-ranges.json prefixes[0]: CIDR has host bits set: \"13.33.0.0/15\" (the block is 13.32.0.0/15)");
    }

    @Test
    void parse_shouldReject_whenAnIpv6PrefixStandsInTheIpv4List() {
        byte[] bytes = SMALL.replace("13.32.0.0/15", "2600:9000::/28").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> IpRangesParser.parse(bytes))
                .isInstanceOf(InvalidIpRangesException.class)
                .hasMessageContaining("is not IPV4");
    }

    @Test
    void prefixes_shouldReject_whenTheServiceHasNone() {
        IpRanges ranges = IpRangesParser.parse(SMALL.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> ranges.prefixes("CLOUDFRONT_ORIGIN_FACING", IpFamily.IPV4))
                .isInstanceOf(InvalidIpRangesException.class)
                .hasMessage("ip-ranges.json (syncToken 1506624133) has no IPV4 prefixes for service \"CLOUDFRONT_ORIGIN_FACING\"");
    }

    @Test
    void md5Hex_shouldMatchTheAmazonIpSpaceChangedNotification_whenTheFileIsTheOneAnnounced() throws Exception {
        JsonNode event = JSON.readTree(Fixtures.read("fixtures/sns/amazon-ip-space-changed-2026-08-22.json"));
        JsonNode message = JSON.readTree(event.at("/Records/0/Sns/Message").asText());
        byte[] full = RangesFixtures.fullBytes();
        byte[] modified = full.clone();
        modified[modified.length / 2] ^= 1;

        String md5 = IpRangesParser.md5Hex(full);

        assertThat(md5).isEqualTo(message.get("md5").asText()).isEqualTo("e1616793a58d9a5960dae96147216f6c");
        assertThat(IpRangesParser.md5Hex(modified)).isNotEqualTo(message.get("md5").asText());
        assertThat(IpRangesParser.parse(full).syncToken()).isEqualTo(message.get("synctoken").asLong());
    }
}
