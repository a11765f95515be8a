package io.opsnotify.notifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The first wall, by value: a template or query reaching a secret through another env variable is refused at load. */
class SecretValueTest {
    static final String DB_PW = "S3cretPw!";
    static final String URL_PW = "url-Pw-7788";
    static final String HOOK = "https://hooks.slack.com/services/T000/B000/SECRETHOOKxyz";

    static Map<String, String> env(String copy) {
        Map<String, String> env = new HashMap<>();
        env.put("DB_PASSWORD", DB_PW);
        env.put("URL_PW", URL_PW);
        env.put("SLACK_WEBHOOK_URL", HOOK);
        env.put("STAGE", "prod");
        env.put("COPY", copy);
        return env;
    }

    static String yaml(String textLine, String query) {
        return """
                database:
                  url: "jdbc:mariadb://replica/shop?password=${env:URL_PW}"
                  user: ops
                  password: ${env:DB_PASSWORD}
                slack:
                  webhookUrl: ${env:SLACK_WEBHOOK_URL}
                events:
                  order.created:
                    query: %s
                    %s
                """.formatted(query, textLine);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "S3cretPw!|text: \"pw ${env:COPY}\"|events.order.created.text",
        "the pw is S3cretPw! ok|text: \"pw ${env:COPY}\"|events.order.created.text",
        "https://hooks.slack.com/services/T000/B000/SECRETHOOKxyz|text: \"hook ${env:COPY}\"|events.order.created.text",
        "/services/T000/B000/SECRETHOOKxyz|text: \"hook ${env:COPY}\"|events.order.created.text",
        "url-Pw-7788|text: \"x ${env:COPY}\"|events.order.created.text",
        "S3cretPw!|'text: ok\n    blocks: ''[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"${env:COPY}\"}}]'''|events.order.created.blocks"})
    void parse_shouldRefuseAnEnvReference_whoseValueHoldsASecretsValue(String copy, String textLine, String path) {
        String y = yaml(textLine, "SELECT id FROM orders WHERE id = :id");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(env(copy)).parse(y, "opsnotify.yaml", ConfigLoader.Options.STRICT));

        assertThat(e).as(y).isNotNull();
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.message()).contains("${env:COPY}").contains("holds a secret");
            assertThat(p.kind()).isEqualTo(ConfigProblem.Kind.SECRET_IN_TEMPLATE);
        });
        assertThat(e.getMessage()).doesNotContain(DB_PW).doesNotContain(URL_PW).doesNotContain("SECRETHOOKxyz");
    }

    @Test
    void parse_shouldRefuseAQuery_whoseEnvReferenceHoldsASecretsValue() {
        String y = yaml("text: ok", "SELECT '${env:COPY}' AS p, id FROM orders WHERE id = :id");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(env(DB_PW)).parse(y, "opsnotify.yaml", ConfigLoader.Options.STRICT));

        assertThat(e).isNotNull();
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.path()).isEqualTo("events.order.created.query"));
        assertThat(e.getMessage()).doesNotContain(DB_PW);
    }

    @Test
    void parse_shouldAcceptAnEnvReference_whoseValueHoldsNoSecret() {
        NotifierConfig c = new ConfigLoader(env("S3cret")).parse(yaml("text: \"${env:STAGE} ${env:COPY} {{id}}\"",
                "SELECT id FROM orders WHERE id = :id"), "opsnotify.yaml", ConfigLoader.Options.STRICT);

        assertThat(c.events().get("order.created").template().textSource()).isEqualTo("prod S3cret {{id}}");
    }
}
