package io.opsnotify.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EniModelTest {
    @Test
    void legacyTotal_shouldBeConcurrencyTimesMemoryOver3Gb_roundedUp() {
        assertThat(EniModel.legacyTotal(100, 1536)).isEqualTo(50);
        assertThat(EniModel.legacyTotal(100, 3072)).isEqualTo(100);
        assertThat(EniModel.legacyTotal(1, 128)).isEqualTo(1);
        assertThat(EniModel.legacyTotal(10, 1000)).isEqualTo(4); // 10000 / 3072 = 3.26
        assertThat(EniModel.legacyTotal(1000, 10240)).isEqualTo(3334); // no int overflow on the way
    }

    @Test
    void legacyPerSubnet_shouldSpreadEvenlyRoundingUp() {
        assertThat(EniModel.legacyPerSubnet(50, 2)).isEqualTo(25);
        assertThat(EniModel.legacyPerSubnet(50, 3)).isEqualTo(17);
        assertThat(EniModel.legacyPerSubnet(1, 3)).isEqualTo(1);
        assertThat(EniModel.legacyPerSubnet(50, 0)).isZero();
    }

    @Test
    void serves_shouldCompareSecurityGroupsAsSets() {
        assertThat(EniModel.serves(List.of("sg-b", "sg-a"), List.of("sg-a", "sg-b"))).isTrue();
        assertThat(EniModel.serves(List.of("sg-a", "sg-a"), List.of("sg-a"))).isTrue();
        assertThat(EniModel.serves(List.of("sg-a"), List.of("sg-a", "sg-b"))).isFalse();
        assertThat(EniModel.serves(List.of("sg-a", "sg-b"), List.of("sg-a"))).isFalse();
    }

    @Test
    void serves_shouldBeFalse_whenTheFunctionHasNoSecurityGroups() {
        assertThat(EniModel.serves(List.of(), List.of())).isFalse();
    }

    @Test
    void todayNeed_shouldBeOneUnlessServed() {
        assertThat(EniModel.todayNeed(true)).isZero();
        assertThat(EniModel.todayNeed(false)).isEqualTo(1);
    }
}
