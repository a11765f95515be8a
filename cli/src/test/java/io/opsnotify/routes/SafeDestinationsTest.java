package io.opsnotify.routes;

import org.assertj.core.api.InstanceOfAssertFactories;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SafeDestinationsTest {
    private final SafeDestinations inVpc = SafeDestinations.forVpc("vpc-0abc1234", List.of("10.0.0.0/16", "52.95.0.0/16",
            "2406:da14:abc::/56"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.0.0.0/0          | is a default route",
        "::/0               | is a default route",
        "0.0.0.0/1          | contains 0.0.0.0/8",
        "128.0.0.0/2        | contains 169.254.0.0/16",
        "192.0.0.0/3        | contains 192.0.0.0/24",
        "10.0.0.0/8         | is 10.0.0.0/8, private space (RFC 1918)",
        "10.1.0.0/16        | is inside 10.0.0.0/8",
        "8.0.0.0/6          | contains 10.0.0.0/8",
        "172.0.0.0/8        | contains 172.16.0.0/12",
        "192.168.1.0/24     | is inside 192.168.0.0/16",
        "100.64.0.0/10      | shared address space (RFC 6598",
        "127.0.0.0/8        | loopback",
        "169.254.169.254/32 | link-local",
        "224.0.0.0/4        | multicast",
        "240.0.0.0/4        | reserved",
        "255.255.255.255/32 | is inside 240.0.0.0/4",
        "198.18.0.0/15      | benchmarking",
        "203.0.113.0/24     | documentation",
        "fc00::/7           | unique local addresses (ULA)",
        "fd00::/8           | is inside fc00::/7",
        "fe80::/10          | link-local",
        "ff02::/16          | multicast",
        "::1/128            | loopback",
        "4000::/3           | is not inside IPv6 global unicast space 2000::/3",
        "2001:db8::/32      | documentation",
        "2002::/16          | 6to4",
        "2000::/3           | contains 2001::/23",
        "52.95.1.0/24       | is inside 52.95.0.0/16, the VPC's own CIDR (vpc-0abc1234)",
        "52.94.0.0/15       | contains 52.95.0.0/16, the VPC's own CIDR (vpc-0abc1234)",
        "2406:da14::/32     | the VPC's own CIDR (vpc-0abc1234)",
    })
    void refusal_shouldNameTheRouteAndTheReason_whenItTouchesSpaceThatIsNotGlobalUnicast(String cidr, String reason) {
        assertThat(inVpc.refusal(cidr)).get(InstanceOfAssertFactories.STRING)
                .startsWith(cidr + " ").contains(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"13.32.0.0/15", "1.0.0.0/8", "11.0.0.0/8", "52.94.0.0/16", "52.96.0.0/11", "2600:9000::/28",
        "2600::/12"})
    void refusal_shouldBeEmpty_whenTheBlockIsGlobalUnicastOutsideTheVpc(String cidr) {
        assertThat(inVpc.refusal(cidr)).isEmpty();
    }

    @Test
    void refusal_shouldAcceptEveryRouteOfTheRealCloudFrontRanges() {
        IpRanges ranges = RangesFixtures.full();
        for (IpFamily f : IpFamily.values()) {
            for (String route : RouteCover.exact(ranges.cidrs("CLOUDFRONT", f))) {
                assertThat(inVpc.refusal(route)).as(route).isEmpty();
            }
        }
    }

    @Test
    void refusal_shouldRefuseNonCanonicalText_insteadOfInterpretingIt() {
        assertThat(inVpc.refusal("013.032.000.000/15")).hasValueSatisfying(r -> assertThat(r).contains("canonical"));
    }
}
