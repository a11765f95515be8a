package io.opsnotify.notifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.opsnotify.notifier.base.Secret;
import io.opsnotify.notifier.config.ConfigProblem.Kind;
import io.opsnotify.notifier.db.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    static final String WEBHOOK = "https://hooks.slack.com/services/T000/B000/XXXXsecretTOKEN";
    static final Map<String, String> ENV = Map.of("DB_PASSWORD", "s3cr3t-pw", "SLACK_WEBHOOK_URL", WEBHOOK);

    static final String EXAMPLE = """
            database:
              url: jdbc:mariadb://replica.internal:3306/shop
              user: ops
              password: ${env:DB_PASSWORD}
            slack:
              webhookUrl: ${env:SLACK_WEBHOOK_URL}
            events:
              order.created:
                query: SELECT o.id, o.total, c.name AS customer FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = :id
                text: "New order #{{id}} by {{customer}}: {{total}}"
                blocks: |
                  [{"type":"section","text":{"type":"mrkdwn","text":"*Order {{id}}* — {{customer}}"}}]
            """;


    private ConfigLoader loader(Map<String, String> env) {
        return new ConfigLoader(env);
    }

    /** The example config with one event's lines replaced. */
    private static String withEvent(String eventLines) {
        return EXAMPLE.substring(0, EXAMPLE.indexOf("events:")) + "events:\n  order.created:\n" + eventLines;
    }

    private ConfigException failure(String yaml, Map<String, String> env) {
        return catchThrowableOfType(ConfigException.class,
                () -> loader(env).parse(yaml, "opsnotify.yaml", ConfigLoader.Options.STRICT));
    }

    private static ConfigProblem problemAt(ConfigException e, String path) {
        return e.problems().stream().filter(p -> p.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + path + " in " + e.problems()));
    }

    @Test
    void parse_shouldBuildConfig_whenExampleIsValid() {
        // act
        NotifierConfig c = loader(ENV).parse(EXAMPLE, "opsnotify.yaml", ConfigLoader.Options.STRICT);

        // assert
        assertThat(c.source()).isEqualTo("opsnotify.yaml");
        assertThat(c.database().url()).isEqualTo("jdbc:mariadb://replica.internal:3306/shop");
        assertThat(c.database().user()).isEqualTo("ops");
        assertThat(c.database().password().reveal()).isEqualTo("s3cr3t-pw");
        assertThat(c.database().queryTimeoutSeconds()).isEqualTo(DatabaseConfig.DEFAULT_QUERY_TIMEOUT_SECONDS);
        assertThat(c.slack().webhookUrl().reveal()).isEqualTo(WEBHOOK);
        assertThat(c.slack().maxAttempts()).isEqualTo(SlackConfig.DEFAULT_MAX_ATTEMPTS);
        assertThat(c.events()).containsOnlyKeys("order.created");
        EventConfig ev = c.events().get("order.created");
        assertThat(ev.query().jdbcSql()).endsWith("WHERE o.id = ?");
        assertThat(ev.query().parameterCount()).isEqualTo(1);
        assertThat(ev.template().hasBlocks()).isTrue();
        assertThat(ev.template().textSource()).isEqualTo("New order #{{id}} by {{customer}}: {{total}}");
        assertThat(ev.webhookUrl()).isNull();
        assertThat(c.secrets()).containsExactlyInAnyOrder(Secret.of("s3cr3t-pw"), Secret.of(WEBHOOK));
    }

    @Test
    void load_shouldReadFile_whenGivenAPath(@TempDir Path dir) throws Exception {
        // arrange
        Path file = dir.resolve("opsnotify.yaml");
        Files.writeString(file, EXAMPLE);

        // act
        NotifierConfig c = loader(ENV).load(file, ConfigLoader.Options.STRICT);

        // assert
        assertThat(c.source()).isEqualTo(file.toString());
        assertThat(c.events()).containsKey("order.created");
    }

    @Test
    void load_shouldSayFileNotFound_whenFileIsMissing(@TempDir Path dir) {
        // act
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader(ENV).load(dir.resolve("nope.yaml"), ConfigLoader.Options.STRICT));

        // assert
        assertThat(e.getMessage()).contains("nope.yaml").contains("file not found");
        assertThat(e.problems()).extracting(ConfigProblem::kind).containsExactly(Kind.FILE);
    }

    @Test
    void parse_shouldResolveEnvReferences_whenEmbeddedInLongerValues() {
        // arrange
        String yaml = EXAMPLE.replace("user: ops", "user: ${env:DB_USER}-${env:SUFFIX}");

        // act
        NotifierConfig c = loader(Map.of("DB_PASSWORD", "pw12", "SLACK_WEBHOOK_URL", WEBHOOK,
                "DB_USER", "ops", "SUFFIX", "ro")).parse(yaml, "x", ConfigLoader.Options.STRICT);

        // assert
        assertThat(c.database().user()).isEqualTo("ops-ro");
    }

    @Test
    void parse_shouldNameVariable_whenEnvVarIsMissing() {
        // act
        ConfigException e = failure(EXAMPLE, Map.of("SLACK_WEBHOOK_URL", WEBHOOK));

        // assert
        assertThat(e.problems()).hasSize(1);
        ConfigProblem p = problemAt(e, "database.password");
        assertThat(p.message()).isEqualTo("environment variable DB_PASSWORD is not set");
        assertThat(p.kind()).isEqualTo(Kind.MISSING_ENV);
        assertThat(p.line()).isEqualTo(4);
        assertThat(e.getMessage()).contains("opsnotify.yaml").contains("line 4:").contains("DB_PASSWORD");
    }

    @Test
    void parse_shouldKeepLiteral_whenEnvReferenceIsDollarEscaped() {
        // arrange: $${env:X} is the literal text ${env:X}, and X need not exist
        String yaml = EXAMPLE.replace("user: ops", "user: \"pre-$${env:NOT_SET}-post\"");

        // act
        NotifierConfig c = loader(ENV).parse(yaml, "x", ConfigLoader.Options.STRICT);

        // assert
        assertThat(c.database().user()).isEqualTo("pre-${env:NOT_SET}-post");
    }

    @Test
    void parse_shouldInsertValueVerbatim_whenEnvValueHasDollarsAndBackslashes() {
        // arrange: regex replacement syntax ($1, \\) in a password must not be interpreted
        String pw = "p$1a\\ss${env:X}$";

        // act
        NotifierConfig c = loader(Map.of("DB_PASSWORD", pw, "SLACK_WEBHOOK_URL", WEBHOOK))
                .parse(EXAMPLE, "x", ConfigLoader.Options.STRICT);

        // assert
        assertThat(c.database().password().reveal()).isEqualTo(pw);
    }

    @Test
    void parse_shouldReadScalarsAsWritten_whenTheyLookLikeYaml11Booleans() {
        // arrange
        String yaml = EXAMPLE.replace("user: ops", "user: on");

        // act
        NotifierConfig c = loader(ENV).parse(yaml, "x", ConfigLoader.Options.STRICT);

        // assert
        assertThat(c.database().user()).isEqualTo("on");
    }

    @Test
    void parse_shouldNameEveryMissingVariable_whenSeveralAreUnset() {
        // act
        ConfigException e = failure(EXAMPLE, Map.of());

        // assert
        assertThat(e.problems()).extracting(ConfigProblem::message).containsExactly(
                "environment variable DB_PASSWORD is not set",
                "environment variable SLACK_WEBHOOK_URL is not set");
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(4, 6);
    }

    @Test
    void parse_shouldReportEveryProblemWithLines_whenFileHasSeveral() {
        // arrange
        String yaml = """
                database:
                  url: jdbc:mariadb://replica.internal:3306/shop
                  user: ops
                  pasword: x
                  queryTimeoutSeconds: soon
                slack:
                  webhookUrl: ${env:SLACK_WEBHOOK_URL}
                  maxAttempts: 99
                events:
                  order.created:
                    query: SELECT * FROM orders WHERE id = 42
                    text: "Order {{id}}"
                  order.paid:
                    text: "Paid {{id}}"
                  order.deleted:
                    query: DELETE FROM orders WHERE id = :id
                    text: "Gone {{id}}"
                    blocks: "[{\\"type\\": \\"section\\""
                    colour: red
                """;

        // act
        ConfigException e = failure(yaml, ENV);

        // assert
        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "database.pasword",
                "database.queryTimeoutSeconds",
                "slack.maxAttempts",
                "events.order.created.query",
                "events.order.paid.query",
                "events.order.deleted.colour",
                "events.order.deleted.query",
                "events.order.deleted.blocks");
        assertThat(problemAt(e, "database.pasword").line()).isEqualTo(4);
        assertThat(problemAt(e, "database.pasword").message()).contains("unknown key").contains("password");
        assertThat(problemAt(e, "database.queryTimeoutSeconds").line()).isEqualTo(5);
        assertThat(problemAt(e, "database.queryTimeoutSeconds").message()).contains("whole number");
        assertThat(problemAt(e, "slack.maxAttempts").line()).isEqualTo(8);
        assertThat(problemAt(e, "slack.maxAttempts").message()).contains("between 1 and 20");
        assertThat(problemAt(e, "events.order.created.query").line()).isEqualTo(11);
        assertThat(problemAt(e, "events.order.created.query").message()).contains("no :id");
        assertThat(problemAt(e, "events.order.paid.query").message()).isEqualTo("missing");
        assertThat(problemAt(e, "events.order.deleted.query").line()).isEqualTo(16);
        assertThat(problemAt(e, "events.order.deleted.query").message()).contains("must be a SELECT");
        assertThat(problemAt(e, "events.order.deleted.blocks").line()).isEqualTo(18);
        assertThat(problemAt(e, "events.order.deleted.blocks").message()).contains("not valid JSON");
        assertThat(problemAt(e, "events.order.deleted.colour").line()).isEqualTo(19);
        assertThat(e.getMessage()).contains("8 configuration problems");
        assertThat(problemAt(e, "database.pasword").kind()).isEqualTo(Kind.INVALID);
        assertThat(problemAt(e, "events.order.paid.query").kind()).isEqualTo(Kind.INVALID);
        assertThat(problemAt(e, "events.order.deleted.query").kind()).isEqualTo(Kind.QUERY);
        assertThat(problemAt(e, "events.order.deleted.blocks").kind()).isEqualTo(Kind.TEMPLATE);
    }

    @Test
    void parse_shouldReportTemplateProblemWithOthers_whenTextUsesPartial() {
        // arrange
        String yaml = withEvent("""
                    query: SELECT * FROM orders WHERE id = :id
                    text: "Order {{> footer}}"
                """).replace("user: ops", "user: ops\n  colour: red");

        // act
        ConfigException e = failure(yaml, ENV);

        // assert
        assertThat(e.problems()).extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("database.colour", "events.order.created.text");
        assertThat(problemAt(e, "events.order.created.text").message()).contains("partials");
        assertThat(problemAt(e, "events.order.created.text").line()).isEqualTo(11);
        assertThat(problemAt(e, "events.order.created.text").kind()).isEqualTo(Kind.TEMPLATE);
    }

    @Test
    void parse_shouldPointAtBlocks_whenATemplateInsideBlocksUsesAPartial() {
        // arrange: the text is fine; the template inside blocks is not
        String yaml = withEvent("""
                    query: SELECT * FROM orders WHERE id = :id
                    text: "Order {{id}}"
                    blocks: '[{"type":"section","text":{"type":"mrkdwn","text":"{{> footer}}"}}]'
                """);

        // act
        ConfigException e = failure(yaml, ENV);

        // assert
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("events.order.created.blocks");
            assertThat(p.line()).isEqualTo(11);
            assertThat(p.kind()).isEqualTo(Kind.TEMPLATE);
            assertThat(p.message()).startsWith("blocks[0].text.text: partials");
        });
    }

    @Test
    void parse_shouldReportMissingSections_whenFileHasOnlyOne() {
        // act
        ConfigException e = failure("events:\n  a:\n    query: SELECT :id\n    text: hi\n", ENV);

        // assert
        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder("database", "slack");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).isEqualTo("missing section"));
    }

    @Test
    void parse_shouldRejectBlocks_whenValidJsonButNotBlocks() {
        // act
        ConfigException e = failure(withEvent("""
                    query: SELECT * FROM orders WHERE id = :id
                    text: "Order {{id}}"
                    blocks: '{"text": "not blocks"}'
                """), ENV);

        // assert
        assertThat(problemAt(e, "events.order.created.blocks").message()).contains("JSON array of blocks");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://hooks.slack.com/services/T000/B000/XXXXsecretTOKEN",
        "ftp://hooks.slack.com/services/T000/B000/XXXXsecretTOKEN",
        "hooks.slack.com/services/T000/B000/XXXXsecretTOKEN",
        "https://hooks.slack.com/services/T000/B000/XXXX secretTOKEN",
        "http://127.evil.example/services/T000/B000/XXXXsecretTOKEN",
        "http://127.0.0.1.nip.io/services/T000/B000/XXXXsecretTOKEN"
    })
    void parse_shouldRejectWebhookWithoutShowingIt_whenNotHttpsOrLoopback(String url) {
        // act
        ConfigException e = failure(EXAMPLE, Map.of("DB_PASSWORD", "pw12", "SLACK_WEBHOOK_URL", url));

        // assert
        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("slack.webhookUrl");
        assertThat(e.problems().get(0).line()).isEqualTo(6);
        assertThat(e.problems().get(0).kind()).isEqualTo(Kind.WEBHOOK);
        assertThat(e.getMessage()).contains("value not shown")
                .doesNotContain("XXXXsecretTOKEN").doesNotContain("/services/T000").doesNotContain(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1:8080/services/T/B/token",
        "http://127.1.2.3/services/T/B/token",
        "http://localhost:8080/services/T/B/token",
        "http://[::1]:8080/services/T/B/token",
        "https://hooks.slack.com/services/T/B/token"
    })
    void parse_shouldAcceptWebhook_whenHttpsOrHttpToLoopback(String url) {
        // act
        NotifierConfig c = loader(Map.of("DB_PASSWORD", "pw12", "SLACK_WEBHOOK_URL", url))
                .parse(EXAMPLE, "x", ConfigLoader.Options.STRICT);

        // assert
        assertThat(c.slack().webhookUrl().reveal()).isEqualTo(url);
    }

    @Test
    void parse_shouldCheckPerEventWebhook_whenEventHasItsOwn() {
        // act
        ConfigException e = failure(withEvent("""
                    query: SELECT * FROM orders WHERE id = :id
                    text: "Order {{id}}"
                    webhookUrl: http://hooks.slack.com/services/T1/B1/eventSECRET
                """), ENV);

        // assert
        assertThat(problemAt(e, "events.order.created.webhookUrl").message()).contains("must use https");
        assertThat(e.getMessage()).doesNotContain("eventSECRET");
    }

    @Test
    void parse_shouldTolerateMissingWebhookEnv_whenWebhookIsNotRequired() {
        // arrange
        Map<String, String> env = Map.of("DB_PASSWORD", "pw12");

        // act
        NotifierConfig c = loader(env).parse(EXAMPLE, "x", new ConfigLoader.Options(false));
        ConfigException strict = failure(EXAMPLE, env);

        // assert
        assertThat(c.slack().webhookUrl()).isNull();
        assertThat(c.secrets()).containsExactly(Secret.of("pw12"));
        assertThat(strict.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("environment variable SLACK_WEBHOOK_URL is not set"));
    }

    @Test
    void parse_shouldRecordNothingAboutWebhooks_whenWebhookIsNotRequired() {
        // arrange: every way a webhook can be wrong, in slack and in an event
        String yaml = withEvent("""
                    query: SELECT * FROM orders WHERE id = :id
                    text: "Order {{id}}"
                    webhookUrl: ${env:EVENT_HOOK}
                """).replace("webhookUrl: ${env:SLACK_WEBHOOK_URL}", "webhookUrl: http://hooks.slack.com/services/T/B/plainHttp");
        String withEventHookAsList = yaml.replace("webhookUrl: ${env:EVENT_HOOK}", "webhookUrl: [a, b]");
        Map<String, String> env = Map.of("DB_PASSWORD", "pw12");

        // act
        NotifierConfig c = loader(env).parse(yaml, "x", new ConfigLoader.Options(false));
        NotifierConfig list = loader(env).parse(withEventHookAsList, "x", new ConfigLoader.Options(false));
        ConfigException strict = failure(yaml, env);

        // assert: not needed, so not a problem; a value that resolves is still kept as a secret
        assertThat(c.slack().webhookUrl().reveal()).isEqualTo("http://hooks.slack.com/services/T/B/plainHttp");
        assertThat(c.events().get("order.created").webhookUrl()).isNull();
        assertThat(list.events().get("order.created").webhookUrl()).isNull();
        assertThat(strict.problems()).extracting(ConfigProblem::path, ConfigProblem::kind).containsExactly(
                tuple("slack.webhookUrl", Kind.WEBHOOK), tuple("events.order.created.webhookUrl", Kind.MISSING_ENV));
    }

    @Test
    void parse_shouldStillReportOtherProblems_whenWebhookIsNotRequired() {
        // act
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader(Map.of())
                .parse(EXAMPLE, "x", new ConfigLoader.Options(false)));

        // assert
        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("database.password");
    }

    @Test
    void parse_shouldGiveLine_whenYamlSyntaxIsBroken() {
        // arrange
        String yaml = "database:\n  url: jdbc:mariadb://x/shop\n  user: [ops\nslack:\n";

        // act
        ConfigException e = failure(yaml, ENV);

        // assert
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isBetween(3, 5);
            assertThat(p.message()).startsWith("not valid YAML");
            assertThat(p.kind()).isEqualTo(Kind.SYNTAX);
        });
        assertThat(e.getMessage()).contains("line ");
    }

    @Test
    void parse_shouldReportDuplicateKey_whenKeyRepeats() {
        // act
        ConfigException e = failure(EXAMPLE.replace("  user: ops\n", "  user: ops\n  user: other\n"), ENV);

        // assert
        assertThat(problemAt(e, "database.user").message()).isEqualTo("duplicate key");
        assertThat(problemAt(e, "database.user").line()).isEqualTo(4);
    }

    @Test
    void parse_shouldReject_whenRootIsNotAMapping() {
        // act
        ConfigException e = failure("- a\n- b\n", ENV);

        // assert
        assertThat(e.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("expected a mapping"));
    }

    @Test
    void parse_shouldReadNumbersAsConfigured_whenInRange() {
        // arrange
        String yaml = EXAMPLE.replace("  webhookUrl: ${env:SLACK_WEBHOOK_URL}\n",
                "  webhookUrl: ${env:SLACK_WEBHOOK_URL}\n  maxAttempts: 3\n  readTimeoutMs: \"2500\"\n");

        // act
        NotifierConfig c = loader(ENV).parse(yaml, "x", ConfigLoader.Options.STRICT);

        // assert
        assertThat(c.slack().maxAttempts()).isEqualTo(3);
        assertThat(c.slack().readTimeoutMs()).isEqualTo(2500);
    }

    @Test
    void parse_shouldRejectEventType_whenNameHasForbiddenCharacters() {
        // act
        ConfigException e = failure(EXAMPLE.replace("  order.created:", "  \"order created!\":"), ENV);

        // assert
        assertThat(problemAt(e, "events.order created!").message()).contains("event type must be");
    }

    @Test
    void webhookProblem_shouldNeverEchoTheUrl_whenUrlIsBad() {
        // arrange
        String bad = "http://hooks.slack.com/services/T/B/veryS3CRET";

        // act
        String why = ConfigLoader.webhookProblem(bad);

        // assert
        assertThat(why).isNotNull().doesNotContain("veryS3CRET").doesNotContain("hooks.slack.com/services");
    }

    @Test
    void parse_shouldNotEchoTheResolvedValue_whenAnEnvReferenceFillsANumberField() {
        String yaml = EXAMPLE.replace("  user: ops", "  user: ops\n  queryTimeoutSeconds: ${env:SLACK_WEBHOOK_URL}");

        ConfigException e = failure(yaml, ENV);

        assertThat(problemAt(e, "database.queryTimeoutSeconds").message())
                .contains("must be a whole number, got '${env:SLACK_WEBHOOK_URL}'");
        assertThat(e.getMessage()).doesNotContain(WEBHOOK).doesNotContain("XXXXsecretTOKEN");
    }

    @Test
    void parse_shouldReportMalformedEnvReference_insteadOfUsingItLiterally() {
        String yaml = EXAMPLE.replace("${env:DB_PASSWORD}", "${env:DB-PASSWORD}");

        ConfigException e = failure(yaml, ENV);

        assertThat(problemAt(e, "database.password").message()).contains("malformed ${env:NAME} reference");
        assertThat(problemAt(e, "database.password").kind()).isEqualTo(Kind.MALFORMED_ENV);
    }

    @Test
    void parse_shouldUseSystemResolversAndDefaults_whenNoDnsSection() {
        NotifierConfig c = loader(ENV).parse(EXAMPLE, "opsnotify.yaml", ConfigLoader.Options.STRICT);

        assertThat(c.dns().resolvers()).containsExactly("system");
        assertThat(c.dns().timeoutMs()).isEqualTo(1000);
        assertThat(c.dns().attempts()).isEqualTo(3);
        assertThat(c.dns().staleTtlSeconds()).isEqualTo(300);
    }

    @Test
    void parse_shouldAddTheVpcResolver_whenRunningInLambdaWithoutDnsSection() {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "opsnotify-notifier");

        NotifierConfig c = loader(env).parse(EXAMPLE, "opsnotify.yaml", ConfigLoader.Options.STRICT);

        assertThat(c.dns().resolvers()).containsExactly("system", "169.254.169.253");
    }

    @Test
    void parse_shouldReadDnsSection_whenGiven() {
        String yaml = EXAMPLE + "dns:\n  resolvers: [10.0.0.2, '[fd00::2]:5353', system]\n  timeoutMs: 250\n"
                + "  attempts: 4\n  staleTtlSeconds: 0\n";

        NotifierConfig c = loader(ENV).parse(yaml, "opsnotify.yaml", ConfigLoader.Options.STRICT);

        assertThat(c.dns().resolvers()).containsExactly("10.0.0.2", "[fd00::2]:5353", "system");
        assertThat(c.dns().timeoutMs()).isEqualTo(250);
        assertThat(c.dns().attempts()).isEqualTo(4);
        assertThat(c.dns().staleTtlSeconds()).isZero();
    }

    @Test
    void parse_shouldReportEveryDnsProblemWithItsLocation_whenDnsSectionIsWrong() {
        String yaml = EXAMPLE + "dns:\n  resolvers: [10.0.0.2, resolver.internal, '10.0.0.3:99999']\n  attempts: 0\n  retries: 2\n";

        ConfigException e = failure(yaml, ENV);

        assertThat(problemAt(e, "dns.resolvers[1]").message()).contains("must be an IP address");
        assertThat(problemAt(e, "dns.resolvers[1]").line()).isEqualTo(EXAMPLE.split("\n").length + 2);
        assertThat(problemAt(e, "dns.resolvers[2]").message()).contains("bad port");
        assertThat(problemAt(e, "dns.attempts").message()).contains("between 1 and 10");
        assertThat(problemAt(e, "dns.retries").message()).contains("unknown key");
    }
}
