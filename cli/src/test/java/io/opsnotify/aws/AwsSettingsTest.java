package io.opsnotify.aws;

import java.util.HashMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsSettingsTest {
    @TempDir
    static Path home;

    /** An AWS config file with the profiles these tests name (a profile must exist). */
    static Map<String, String> withProfiles(String... kv) throws Exception {
        Path config = home.resolve("config");
        Files.writeString(config, "[profile ops]\n[profile env]\n[profile prod]\n");
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("none").toString());
        return env;
    }

    @Test
    void resolve_shouldPreferOptions_overTheEnvironment() throws Exception {
        AwsSettings s = AwsSettings.resolve("ops", "eu-west-1", "http://127.0.0.1:4566",
                withProfiles("AWS_PROFILE", "env", "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", "http://x"));

        assertThat(s.profile()).isEqualTo("ops");
        assertThat(s.region()).isEqualTo("eu-west-1");
        assertThat(s.endpoint()).hasToString("http://127.0.0.1:4566");
    }

    @Test
    void resolve_shouldReadTheAwsCliVariables_inTheAwsCliOrder() throws Exception {
        AwsSettings s = AwsSettings.resolve(null, null, null,
                withProfiles("AWS_PROFILE", "prod", "AWS_DEFAULT_REGION", "ap-northeast-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:1"));
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

    @Test
    void resolve_shouldRefuseAnEndpoint_thatIsMoreThanSchemeHostPort_namingWhereItCameFrom() {
        assertThatThrownBy(() -> AwsSettings.resolve(null, "us-east-1", null,
                Map.of("AWS_ENDPOINT_URL", "http://key:secret@127.0.0.1:4566")))
                .isInstanceOf(InvalidAwsInputException.class).hasMessageStartingWith("AWS_ENDPOINT_URL '");
        assertThatThrownBy(() -> AwsSettings.resolve(null, "us-east-1", "not a url", Map.of()))
                .isInstanceOf(InvalidAwsInputException.class).hasMessageStartingWith("--endpoint-url 'not a url'");
    }

    @Test
    void resolve_shouldRefuseAProfile_thatNoAwsFileHas(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config");
        Files.writeString(config, "[default]\nregion = us-east-1\n[profile ops]\nregion = us-east-1\n");
        Map<String, String> env = Map.of("AWS_CONFIG_FILE", config.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString());

        assertThat(AwsSettings.resolve("ops", "us-east-1", null, env).profile()).isEqualTo("ops");
        assertThatThrownBy(() -> AwsSettings.resolve(null, "us-east-1", null, plus(env, "AWS_PROFILE", "prod")))
                .isInstanceOf(InvalidAwsInputException.class)
                .hasMessage("AWS_PROFILE 'prod': no such profile in the AWS config or credentials file (they have: "
                        + "default, ops); create it with aws configure --profile NAME");
    }

    @Test
    void resolve_shouldRefuseARegion_thatIsNoRegionName() {
        assertThatThrownBy(() -> AwsSettings.resolve(null, "tokyo", null, Map.of()))
                .isInstanceOf(InvalidAwsInputException.class).hasMessageStartingWith("--region 'tokyo' is not");
    }

    private static Map<String, String> plus(Map<String, String> m, String k, String v) {
        Map<String, String> out = new HashMap<>(m);
        out.put(k, v);
        return out;
    }
}
