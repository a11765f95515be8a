package io.opsnotify.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetCheckTest {
    @Test
    void fromVpcConfig_shouldBeUnusable_whenTheFunctionIsNotInAVpc() {
        VpcTarget t = SubnetCheck.fromVpcConfig("f", VpcInventory.FunctionVpc.NONE);

        assertThat(t.problem()).isEqualTo("function f is not in a VPC (no VpcConfig subnets): it cannot reach the replica");
    }

    @Test
    void fromVpcConfig_shouldTakeSubnetsAndGroups_whenInAVpc() {
        VpcTarget t = SubnetCheck.fromVpcConfig("f", new VpcInventory.FunctionVpc(List.of("subnet-a", "subnet-b"),
                List.of("sg-1")));

        assertThat(t.problem()).isNull();
        assertThat(t.subnetIds()).containsExactly("subnet-a", "subnet-b");
        assertThat(t.securityGroupIds()).containsExactly("sg-1");
        assertThat(t.source()).isEqualTo("function f VpcConfig");
    }
}
