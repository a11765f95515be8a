package io.opsnotify.vpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsnotify.notifier.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VpcTargetTest {
    @Test
    void fromConfig_shouldReadOnlyTheDeploySubnetsAndGroups_whenTheRestNeedsEnvironmentVariables() {
        String yaml = """
                database:
                  url: jdbc:mariadb://replica.internal:3306/shop
                  password: ${env:DB_PASSWORD}
                slack:
                  webhookUrl: ${env:SLACK_WEBHOOK_URL}
                deploy:
                  functionName: opsnotify-notifier
                  subnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]
                  securityGroupIds:
                    - sg-0123abcd
                """;

        VpcTarget t = VpcTarget.fromConfig(yaml, "opsnotify.yaml", Map.of());

        assertThat(t.subnetIds()).containsExactly("subnet-0a1b2c3d", "subnet-4e5f6a7b");
        assertThat(t.securityGroupIds()).containsExactly("sg-0123abcd");
        assertThat(t.source()).isEqualTo("opsnotify.yaml (deploy section)");
        assertThat(t.problem()).isNull();
    }

    @Test
    void fromConfig_shouldFail_whenThereIsNoDeploySection() {
        assertThatThrownBy(() -> VpcTarget.fromConfig("slack: {webhookUrl: x}\n", "f.yaml", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("deploy");
    }

    @Test
    void fromConfig_shouldFail_whenSubnetIdsAreMissing() {
        assertThatThrownBy(() -> VpcTarget.fromConfig("deploy:\n  securityGroupIds: [sg-1]\n", "f.yaml", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("deploy.subnetIds");
    }
}
