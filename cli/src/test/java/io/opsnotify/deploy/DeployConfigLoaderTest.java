package io.opsnotify.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.notifier.config.ConfigException;
import io.opsnotify.notifier.config.ConfigProblem;
import io.opsnotify.notifier.config.ConfigProblem.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployConfigLoaderTest {
    static final String BASE = """
            # replica
            database:
              url: jdbc:mariadb://replica:3306/shop
              password: ${env:DB_PASSWORD}
            deploy:
              functionName: n  # 山田 🙂
              roleArn: arn:aws:iam::123456789012:role/r
              subnetIds: [subnet-0a1b2c3d]
              securityGroupIds:
                - sg-0123abcd
              topicName: t
              environment:
                DB_PASSWORD: ${env:DB_PASSWORD}
                SLACK_WEBHOOK_URL: ${env:HOOK}
            slack:
              webhookUrl: ${env:SLACK_WEBHOOK_URL}
            events:
              a.b:
                query: SELECT 1 AS x WHERE :id = 1
                text: "{{x}}"
            """;

    DeployConfigLoader loader(Map<String, String> env) {
        return new DeployConfigLoader(env);
    }

    @Test
    void parse_shouldCutTheDeploySection_andKeepTheRestAsWritten() {
        DeployConfig c = loader(Map.of("DB_PASSWORD", "pw", "HOOK", "https://hooks.slack.com/services/T/B/x")).parse(BASE, "f.yaml");

        assertThat(c.packagedConfig()).startsWith("# replica\ndatabase:\n").contains("slack:\n  webhookUrl: ${env:SLACK_WEBHOOK_URL}\n")
                .doesNotContain("deploy").doesNotContain("functionName").doesNotContain("🙂");
        assertThat(c.subnetIds()).containsExactly("subnet-0a1b2c3d");
        assertThat(c.securityGroupIds()).containsExactly("sg-0123abcd");
        assertThat(c.environment()).containsEntry("DB_PASSWORD", "pw");
        assertThat(c.functionEnvironment()).containsKey("JAVA_TOOL_OPTIONS");
        assertThat(c.notifierConfig().events()).containsKey("a.b");
    }

    @Test
    void parse_shouldRequireExactlyOneTopic() {
        String both = BASE.replace("  topicName: t\n", "  topicName: t\n  topicArn: arn:aws:sns:ap-northeast-1:123456789012:t\n");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader(Map.of("DB_PASSWORD", "pw", "HOOK", "https://hooks.slack.com/services/T/B/x")).parse(both, "f.yaml"));

        assertThat(e.getMessage()).contains("give exactly one of topicName");
    }

    @Test
    void parse_shouldRejectReservedEnvironmentNames() {
        String reserved = BASE.replace("    DB_PASSWORD: ${env:DB_PASSWORD}\n", "    DB_PASSWORD: ${env:DB_PASSWORD}\n    AWS_REGION: x\n");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader(Map.of("DB_PASSWORD", "pw", "HOOK", "https://hooks.slack.com/services/T/B/x")).parse(reserved, "f.yaml"));

        assertThat(e.getMessage()).contains("deploy.environment.AWS_REGION").contains("reserved by Lambda");
    }

    @Test
    void parse_shouldRefuseALiteralPasswordInTheUrl_likeALiteralDatabasePassword() {
        String literal = BASE.replace("url: jdbc:mariadb://replica:3306/shop",
                "url: jdbc:mariadb://replica:3306/shop?user=ops&password=Lit3ral-pw&sslMode=verify-full");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader(Map.of("DB_PASSWORD", "pw", "HOOK", "https://hooks.slack.com/services/T/B/x")).parse(literal, "f.yaml"));

        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("database.url");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("${env:NAME}");
            assertThat(p.kind()).isEqualTo(Kind.SECRET_LITERAL);
        });
        assertThat(e.getMessage()).doesNotContain("Lit3ral-pw");
    }

    @Test
    void parse_shouldAcceptAPasswordInTheUrl_whenItIsAnEnvReference() {
        String ref = BASE.replace("url: jdbc:mariadb://replica:3306/shop",
                "url: jdbc:mariadb://replica:3306/shop?password=${env:DB_PASSWORD}");

        DeployConfig c = loader(Map.of("DB_PASSWORD", "pw-from-env", "HOOK", "https://hooks.slack.com/services/T/B/x"))
                .parse(ref, "f.yaml");

        assertThat(c.packagedConfig()).contains("password=${env:DB_PASSWORD}").doesNotContain("pw-from-env");
        assertThat(c.notifierConfig().redactor().redact("x pw-from-env y")).isEqualTo("x **** y");
    }

    @Test
    void parse_shouldPointAtDeployEnvironment_whenTheFunctionLacksAVariableTheNotifierReads() {
        String lacking = BASE.replace("    SLACK_WEBHOOK_URL: ${env:HOOK}\n", "");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader(Map.of("DB_PASSWORD", "pw", "HOOK", "https://hooks.slack.com/services/T/B/x")).parse(lacking, "f.yaml"));

        assertThat(e.problems()).extracting(ConfigProblem::path, ConfigProblem::kind).containsExactly(
                tuple("deploy.environment", Kind.MISSING_ENV), tuple("slack.webhookUrl", Kind.MISSING_ENV));
        assertThat(e.problems().get(0).message()).isEqualTo(
                "the function resolves ${env:...} from deploy.environment: add the variables named above there");
        assertThat(e.problems().get(1).message()).isEqualTo("environment variable SLACK_WEBHOOK_URL is not set");
    }

    @Test
    void parse_shouldNotPointAtDeployEnvironment_whenNoVariableIsMissing() {
        String unknownKey = BASE.replace("  password: ${env:DB_PASSWORD}\n", "  password: ${env:DB_PASSWORD}\n  colour: red\n");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader(Map.of("DB_PASSWORD", "pw", "HOOK", "https://hooks.slack.com/services/T/B/x")).parse(unknownKey, "f.yaml"));

        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("database.colour");
        assertThat(e.problems()).extracting(ConfigProblem::kind).containsExactly(Kind.INVALID);
    }
}
