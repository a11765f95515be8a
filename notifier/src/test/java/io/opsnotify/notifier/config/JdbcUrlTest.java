package io.opsnotify.notifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.opsnotify.notifier.base.Secret;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** database.url at config load: only a MariaDB/MySQL replica, only driver options on the allow-list. */
class JdbcUrlTest {
    static final String PASSWORD = "url-pw-Secret-42";
    static final Map<String, String> ENV = Map.of("DB_PASSWORD", "s3cr3t-pw", "URL_PW", PASSWORD,
            "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T000/B000/XXXXsecretTOKEN");

    static String config(String url) {
        return """
                database:
                  url: "%s"
                  user: ops
                  password: ${env:DB_PASSWORD}
                slack:
                  webhookUrl: ${env:SLACK_WEBHOOK_URL}
                events:
                  order.created:
                    query: SELECT id FROM orders WHERE id = :id
                    text: "order {{id}}"
                """.formatted(url);
    }

    static NotifierConfig load(String url) {
        return new ConfigLoader(ENV).parse(config(url), "opsnotify.yaml", ConfigLoader.Options.STRICT);
    }

    static ConfigProblem refused(String url) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(url));
        assertThat(e).as("refused: " + url).isNotNull();
        assertThat(e.problems()).hasSize(1);
        ConfigProblem p = e.problems().get(0);
        assertThat(p.path()).isEqualTo("database.url");
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.column()).isEqualTo(8);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:mariadb://replica:3306/shop?allowMultiQueries=true",
        "jdbc:mariadb://replica:3306/shop?ALLOWMULTIQUERIES=true",
        "jdbc:mariadb://replica:3306/shop?AllowMultiQueries=true",
        "jdbc:mariadb://replica:3306/shop?AllowLocalInfile=true",
        "jdbc:mariadb://replica:3306/shop?PermitRedirect=true",
        "jdbc:mariadb://replica:3306/shop?sslMode=trust&SslMode=disable",
        "jdbc:mariadb://replica:3306/shop?sslMode=verify-full&allowMultiQueries=1",
        "jdbc:mariadb://replica:3306/shop?initSql=UPDATE orders SET total = 0",
        "jdbc:mariadb://replica:3306/shop?sessionVariables=transaction_read_only=0",
        "jdbc:mariadb://replica:3306/shop?allowLocalInfile=true",
        "jdbc:mariadb://replica:3306/shop?createDatabaseIfNotExist=true",
        "jdbc:mariadb://replica:3306/shop?socketFactory=com.example.Evil",
        "jdbc:mariadb://replica:3306/shop?transactionReplay=true",
        "jdbc:mariadb://replica:3306/shop?autocommit=false",
        "jdbc:mariadb://replica:3306/shop?useSSL=true",
        "jdbc:mariadb://replica:3306/shop?connectTimeout=100",
        "jdbc:mysql://replica:3306/shop?allowMultiQueries=true",
        "jdbc:mariadb://replica:3306/shop?foo=bar"})
    void parse_shouldRefuseDriverOption_whenNotOnTheAllowList(String url) {
        ConfigProblem p = refused(url);

        assertThat(p.message()).contains("refused").contains("sslMode");
    }

    @Test
    void parse_shouldNameEveryRefusedOption_andNeverQuoteTheUrl() {
        ConfigProblem p = refused("jdbc:mariadb://replica/shop?password=" + PASSWORD + "&initSql=SET x=1&allowMultiQueries=true");

        assertThat(p.message()).contains("driver options allowMultiQueries, initSql refused").doesNotContain(PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'evil.sql'",
        "jdbc:postgresql://replica/shop",
        "jdbc:sqlite:/tmp/x.db"})
    void parse_shouldRefuseOtherDrivers_whenNotMariaDbOrMySql(String url) {
        ConfigProblem p = refused(url);

        assertThat(p.message()).contains("only MariaDB/MySQL replicas are supported").doesNotContain("RUNSCRIPT");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:mariadb:replication://primary,replica/shop",
        "jdbc:mariadb://localhost/shop?localSocket=/var/run/mysqld.sock",
        "jdbc:mariadb://address=(pipe=\\\\\\\\.\\\\pipe\\\\mysql)/shop"})
    void parse_shouldRefuseUrl_whenItReachesAPrimaryOrALocalSocket(String url) {
        ConfigProblem p = refused(url);

        assertThat(p.message()).containsAnyOf("primary", "local", "refused");
    }

    @Test
    void parse_shouldAcceptAPinnedOption_whenTheUrlSetsItToThePinnedValue() {
        NotifierConfig c = load("jdbc:mariadb://replica:3306/shop?allowMultiQueries=false&sslMode=verify-full");

        assertThat(c.database().url()).contains("allowMultiQueries=false");
    }

    @Test
    void parse_shouldMapMySqlScheme_toTheMariaDbDriver() {
        NotifierConfig c = load("jdbc:mysql://replica.internal:3306/shop?sslMode=verify-full");

        assertThat(c.database().url()).isEqualTo("jdbc:mariadb://replica.internal:3306/shop?sslMode=verify-full");
    }

    @Test
    void parse_shouldAcceptSafeOptions_whenOnTheAllowList() {
        NotifierConfig c = load("jdbc:mariadb://r1:3306,r2:3306/shop?sslMode=verify-ca&serverSslCert=/etc/ca.pem"
                + "&useCompression=true&tcpKeepAlive=true&connectionCollation=utf8mb4_unicode_ci");

        assertThat(c.database().url()).startsWith("jdbc:mariadb://r1:3306,r2:3306/shop?sslMode=verify-ca");
    }

    @Test
    void secrets_shouldIncludeThePasswordInTheUrl_soItIsMaskedEverywhere() {
        NotifierConfig c = load("jdbc:mariadb://replica/shop?user=ops&password=${env:URL_PW}&sslMode=verify-full");

        assertThat(c.secrets()).contains(Secret.of(PASSWORD));
        assertThat(c.redactor().redact("connect to jdbc:mariadb://replica/shop?password=" + PASSWORD + " failed"))
                .doesNotContain(PASSWORD).contains(Secret.MASK);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "text: \"pw is ${env:DB_PASSWORD}\"|events.order.created.text|database.password",
        "text: \"hook ${env:SLACK_WEBHOOK_URL}\"|events.order.created.text|slack.webhookUrl",
        "text: ok/    blocks: '[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"${env:URL_PW}\"}}]'"
                + "|events.order.created.blocks|database.url",
        "text: ok/    query: SELECT '${env:DB_PASSWORD}' AS p, id FROM orders WHERE id = :id|events.order.created.query|database.password"})
    void parse_shouldRefuseASecretsEnvReference_insideATemplateOrQuery(String written, String path, String secretKey) {
        String lines = written.replace("/    ", "\n    "); // a new line (CSV cannot carry one)
        String yaml = config("jdbc:mariadb://replica/shop?password=${env:URL_PW}")
                .replace("    query: SELECT id FROM orders WHERE id = :id\n    text: \"order {{id}}\"\n",
                        (lines.contains("query:") ? "" : "    query: SELECT id FROM orders WHERE id = :id\n") + "    " + lines + "\n");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(ENV).parse(yaml, "opsnotify.yaml", ConfigLoader.Options.STRICT));

        assertThat(e).as(yaml).isNotNull();
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.line()).isPositive();
            assertThat(p.message()).contains("holds a secret (" + secretKey);
        });
        assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain("s3cr3t-pw");
    }

    @Test
    void parse_shouldAcceptOtherEnvReferences_insideATemplate() {
        String yaml = config("jdbc:mariadb://replica/shop").replace("text: \"order {{id}}\"", "text: \"${env:STAGE} order {{id}}\"");
        Map<String, String> env = new HashMap<>(ENV);
        env.put("STAGE", "prod");

        NotifierConfig c = new ConfigLoader(env).parse(yaml, "opsnotify.yaml", ConfigLoader.Options.STRICT);

        assertThat(c.events().get("order.created").template().textSource()).isEqualTo("prod order {{id}}");
    }
}
