package io.opsnotify.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {
    @Test
    void resolve_shouldPreferOptions_overTheEnvironment() {
        AwsSettings s = AwsSettings.resolve("ops", "eu-west-1", "http://127.0.0.1:4566",
                Map.of("AWS_PROFILE", "env", "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", "http://x"));

        assertThat(s.profile()).isEqualTo("ops");
        assertThat(s.region()).isEqualTo("eu-west-1");
        assertThat(s.endpoint()).hasToString("http://127.0.0.1:4566");
    }

    @Test
    void resolve_shouldReadTheAwsCliVariables_inTheAwsCliOrder() {
        AwsSettings s = AwsSettings.resolve(null, null, null,
                Map.of("AWS_PROFILE", "prod", "AWS_DEFAULT_REGION", "ap-northeast-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:1"));
        AwsSettings both = AwsSettings.resolve(null, null, null, Map.of("AWS_REGION", "us-west-2", "AWS_DEFAULT_REGION", "ap-northeast-1"));

        assertThat(s.profile()).isEqualTo("prod");
        assertThat(s.region()).isEqualTo("ap-northeast-1");
        assertThat(s.endpoint()).hasToString("http://127.0.0.1:1");
        assertThat(both.region()).isEqualTo("us-west-2");
    }

    @Test
    void resolve_shouldLeaveRegionEmpty_whenNothingSaysIt() {
        AwsSettings s = AwsSettings.resolve(null, "  ", null, Map.of());

        assertThat(s.region()).isNull();
        assertThat(s.endpoint()).isNull();
    }
}
