package io.opsnotify.notifier.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsnotify.notifier.base.Secret;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    static final String WEBHOOK = "https://hooks.slack.com/services/T0AAA/B0BBB/abcdefSECRETtoken";
    static final String PATH = "/services/T0AAA/B0BBB/abcdefSECRETtoken";

    private final Redactor redactor = new Redactor(List.of(Secret.of(WEBHOOK), Secret.of("hunter22pw")));

    @Test
    void redact_shouldMaskWholeUrl_whenTextContainsWebhook() {
        // act
        String out = redactor.redact("POST " + WEBHOOK + " failed");

        // assert
        assertThat(out).isEqualTo("POST **** failed");
    }

    @Test
    void redact_shouldMaskPath_whenLibraryPrintsOnlyThePath() {
        // act
        String out = redactor.redact("HTTP 404 for POST " + PATH + " on hooks.slack.com");

        // assert
        assertThat(out).isEqualTo("HTTP 404 for POST **** on hooks.slack.com");
    }

    @Test
    void redact_shouldMaskDecodedPath_whenUrlHasEscapes() {
        // arrange
        Redactor r = new Redactor(List.of(Secret.of("https://chat.example/hook/a%20b%2Fsecret")));

        // act
        String raw = r.redact("to /hook/a%20b%2Fsecret");
        String decoded = r.redact("to /hook/a b/secret");

        // assert
        assertThat(raw).isEqualTo("to ****");
        assertThat(decoded).isEqualTo("to ****");
    }

    @Test
    void redact_shouldMaskQuery_whenTokenLivesInQueryString() {
        // arrange: webhooks of other chat services carry the token in the query (?key=...&token=...)
        Redactor r = new Redactor(List.of(Secret.of("https://chat.example/v1/spaces/AAA/messages?key=KEY123&token=TOK456")));

        // act
        String out = r.redact("400 Bad Request: POST ?key=KEY123&token=TOK456 rejected");

        // assert
        assertThat(out).doesNotContain("KEY123").doesNotContain("TOK456");
    }

    @Test
    void redact_shouldMaskPassword_whenTextContainsIt() {
        // act
        String out = redactor.redact("Access denied for user 'ops' (using password: hunter22pw)");

        // assert
        assertThat(out).isEqualTo("Access denied for user 'ops' (using password: ****)").doesNotContain("hunter22pw");
    }

    @Test
    void redact_shouldLeaveTextAlone_whenNoSecretInIt() {
        // arrange
        String text = "Slack answered HTTP 500 rollup_error";

        // act + assert
        assertThat(redactor.redact(text)).isEqualTo(text);
        assertThat(redactor.redact(null)).isNull();
        assertThat(Redactor.none().redact(WEBHOOK)).isEqualTo(WEBHOOK);
    }

    @Test
    void redactor_shouldIgnoreNullSecrets_whenConfigHasNoPassword() {
        // arrange
        Redactor r = new Redactor(Arrays.asList(null, Secret.of(WEBHOOK)));

        // act + assert
        assertThat(r.redact(WEBHOOK)).isEqualTo(Secret.MASK);
    }

    @Test
    void describe_shouldJoinCausesAndRedact_whenExceptionIsNested() {
        // arrange: what HttpURLConnection and JDBC drivers really throw
        Throwable t = new UncheckedIOException("delivery failed",
                new IOException("Server returned HTTP response code: 400 for URL: " + WEBHOOK,
                        new SQLException("login failed with password hunter22pw\nretry later")));

        // act
        String out = redactor.describe(t);

        // assert
        assertThat(out).isEqualTo("delivery failed: Server returned HTTP response code: 400 for URL: ****"
                + ": login failed with password **** retry later");
        assertThat(out).doesNotContain("\n").doesNotContain("SECRET").doesNotContain("hunter22pw");
    }

    @Test
    void describe_shouldUseClassName_whenMessageIsMissing() {
        // act
        String out = redactor.describe(new IllegalStateException(new FileNotFoundException()));

        // assert: the wrapper's message is the cause's toString, so the cause adds nothing new
        assertThat(out).isEqualTo("java.io.FileNotFoundException");
        assertThat(redactor.describe(new RuntimeException())).isEqualTo("RuntimeException");
    }

    @Test
    void describe_shouldNotRepeatCause_whenWrapperAlreadyQuotesIt() {
        // arrange
        IOException cause = new IOException("Connection refused");
        RuntimeException wrapper = new RuntimeException("java.io.IOException: Connection refused", cause);

        // act
        String out = redactor.describe(wrapper);

        // assert
        assertThat(out).isEqualTo("java.io.IOException: Connection refused");
    }

    @Test
    void describe_shouldStopAtFiveLevels_whenCauseChainIsDeep() {
        // arrange
        Throwable t = new Exception("level6");
        for (int i = 5; i >= 1; i--) {
            t = new Exception("level" + i, t);
        }

        // act
        String out = redactor.describe(t);

        // assert
        assertThat(out).isEqualTo("level1: level2: level3: level4: level5").doesNotContain("level6");
    }

    @Test
    void secret_shouldBeMasked_whenPrintedByAccident() {
        // act
        String printed = "url=" + Secret.of(WEBHOOK);

        // assert
        assertThat(printed).isEqualTo("url=****");
    }
}
