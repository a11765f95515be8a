package io.opsnotify.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.VpcConfigResponse;

class SubnetCheckTest {
    @Test
    void fromVpcConfig_shouldBeUnusable_whenVpcConfigHasEmptyLists() {
        // what GetFunctionConfiguration returns for a function whose VPC config was removed
        VpcConfigResponse emptied = VpcConfigResponse.builder().subnetIds(List.of()).securityGroupIds(List.of())
                .vpcId("").build();

        VpcTarget t = SubnetCheck.fromVpcConfig("f", emptied);

        assertThat(t.problem()).isEqualTo("function f is not in a VPC (no VpcConfig subnets): it cannot reach the replica");
    }

    @Test
    void fromVpcConfig_shouldBeUnusable_whenThereIsNoVpcConfig() {
        assertThat(SubnetCheck.fromVpcConfig("f", null).problem()).contains("is not in a VPC");
    }

    @Test
    void fromVpcConfig_shouldTakeSubnetsAndGroups_whenInAVpc() {
        VpcTarget t = SubnetCheck.fromVpcConfig("f", VpcConfigResponse.builder().subnetIds("subnet-a", "subnet-b")
                .securityGroupIds("sg-1").vpcId("vpc-1").build());

        assertThat(t.problem()).isNull();
        assertThat(t.subnetIds()).containsExactly("subnet-a", "subnet-b");
        assertThat(t.securityGroupIds()).containsExactly("sg-1");
        assertThat(t.source()).isEqualTo("function f VpcConfig");
    }
}
