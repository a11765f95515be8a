package io.opsnotify.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsnotify.cloud.CloudException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Network} must do, given subnet-0a1b2c3d (ap-northeast-1a) and
 * subnet-4e5f6a7b (ap-northeast-1c) in vpc-0abc1234 and sg-0123abcd there: run against the
 * in-memory fake ({@link InMemoryNetworkTest}) and the EC2 adapter on the wire emulator
 * ({@link Ec2NetworkIT}).
 */
abstract class NetworkContract {
    abstract Network network();

    @Test
    void subnets_shouldGiveVpcAndZone_perId() {
        assertThat(network().subnets(List.of("subnet-0a1b2c3d", "subnet-4e5f6a7b"))).containsExactlyInAnyOrder(
                new Network.Subnet("subnet-0a1b2c3d", "vpc-0abc1234", "ap-northeast-1a"),
                new Network.Subnet("subnet-4e5f6a7b", "vpc-0abc1234", "ap-northeast-1c"));
    }

    @Test
    void subnets_shouldBeNotFoundWithEc2sCode_whenOneDoesNotExist() {
        assertThatThrownBy(() -> network().subnets(List.of("subnet-0a1b2c3d", "subnet-0fffffff")))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND);
                    assertThat(e.code()).isEqualTo("InvalidSubnetID.NotFound");
                }).hasMessageStartingWith("AWS error InvalidSubnetID.NotFound").hasMessageContaining("subnet-0fffffff");
    }

    @Test
    void securityGroups_shouldGiveTheirVpc_andBeNotFound_whenOneDoesNotExist() {
        assertThat(network().securityGroups(List.of("sg-0123abcd")))
                .containsExactly(new Network.SecurityGroup("sg-0123abcd", "vpc-0abc1234"));
        assertThatThrownBy(() -> network().securityGroups(List.of("sg-0123abcd", "sg-0fffffff")))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND);
                    assertThat(e.code()).isEqualTo("InvalidGroup.NotFound");
                });
    }
}
