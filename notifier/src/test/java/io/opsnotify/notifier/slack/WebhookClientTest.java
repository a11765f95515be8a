package io.opsnotify.notifier.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.notifier.config.Redactor;
import io.opsnotify.notifier.base.Secret;
import io.opsnotify.notifier.config.SlackConfig;
import io.opsnotify.localwebhook.LocalWebhookReceiver;
import io.opsnotify.localwebhook.LocalWebhookReceiver.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookClientTest {
    static final byte[] PAYLOAD = "{\"text\":\"New order #42 by 山田\"}".getBytes(StandardCharsets.UTF_8);
    static final String TOKEN = "opsnotify-local-receiver-token";

    private LocalWebhookReceiver slack;
    private Secret webhook;

    @BeforeEach
    void startReceiver() throws IOException {
        slack = LocalWebhookReceiver.start();
        webhook = Secret.of(slack.url());
    }

    @AfterEach
    void stopReceiver() {
        slack.close();
    }

    private static WebhookClient client(Secret webhook, int readTimeoutMs, int maxAttempts) {
        return new WebhookClient(new SlackConfig(webhook, 1000, readTimeoutMs, maxAttempts), new Redactor(List.of(webhook)));
    }

    private void assertNoSecretIn(String message, Secret url) {
        assertThat(message).doesNotContain(url.reveal())
                .doesNotContain(LocalWebhookReceiver.PATH)
                .doesNotContain(TOKEN);
    }

    @Test
    void post_shouldSendOnce_whenSlackAnswersOk() throws Exception {
        // act
        int attempts = client(webhook, 2000, 5).post(webhook, PAYLOAD, Deadline.inMillis(10_000));

        // assert
        assertThat(attempts).isEqualTo(1);
        assertThat(slack.requestCount()).isEqualTo(1);
        LocalWebhookReceiver.Received r = slack.received().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo(LocalWebhookReceiver.PATH);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body()).isEqualTo(new String(PAYLOAD, StandardCharsets.UTF_8));
    }

    @Test
    void post_shouldWaitAndRetry_whenRateLimitedWithRetryAfter() throws Exception {
        // arrange
        slack.replies(Reply.rateLimited(1));

        // act
        int attempts = client(webhook, 2000, 5).post(webhook, PAYLOAD, Deadline.inMillis(10_000));

        // assert
        assertThat(attempts).isEqualTo(2);
        assertThat(slack.requestCount()).isEqualTo(2);
        assertThat(slack.received()).extracting(LocalWebhookReceiver.Received::body)
                .containsOnly(new String(PAYLOAD, StandardCharsets.UTF_8));
    }

    @Test
    void post_shouldRetry_whenSlackAnswers5xx() throws Exception {
        // arrange
        slack.replies(Reply.error(500, "rollup_error"));

        // act
        int attempts = client(webhook, 2000, 5).post(webhook, PAYLOAD, Deadline.inMillis(10_000));

        // assert
        assertThat(attempts).isEqualTo(2);
        assertThat(slack.requestCount()).isEqualTo(2);
    }

    @Test
    void post_shouldFailAfterOneRequestWithoutUrl_whenWebhookIsGone() {
        // arrange
        slack.replies(Reply.error(404, "no_service"));

        // act
        SlackDeliveryException e = catchThrowableOfType(SlackDeliveryException.class,
                () -> client(webhook, 2000, 5).post(webhook, PAYLOAD, Deadline.inMillis(10_000)));

        // assert
        assertThat(slack.requestCount()).isEqualTo(1);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.reason()).isEqualTo("no_service");
        assertThat(e.getMessage()).contains("HTTP 404 no_service").contains("create a new one").contains("not retried");
        assertNoSecretIn(e.getMessage(), webhook);
    }

    @ParameterizedTest
    @CsvSource({
        "400, invalid_payload, check the event's text/blocks template",
        "403, action_prohibited, admin restricted",
        "410, channel_is_archived, archived"
    })
    void post_shouldNotRetry_whenSlackRejectsTheMessage(int status, String body, String hint) {
        // arrange
        slack.replies(Reply.error(status, body));

        // act
        SlackDeliveryException e = catchThrowableOfType(SlackDeliveryException.class,
                () -> client(webhook, 2000, 5).post(webhook, PAYLOAD, Deadline.inMillis(10_000)));

        // assert
        assertThat(slack.requestCount()).isEqualTo(1);
        assertThat(e.reason()).isEqualTo(body);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.getMessage()).contains(body).contains(hint);
        assertNoSecretIn(e.getMessage(), webhook);
    }

    @Test
    void post_shouldNotFollow_whenSlackRedirects() {
        // arrange
        slack.replies(new Reply(302, "", null, 0));

        // act
        SlackDeliveryException e = catchThrowableOfType(SlackDeliveryException.class,
                () -> client(webhook, 2000, 5).post(webhook, PAYLOAD, Deadline.inMillis(10_000)));

        // assert
        assertThat(slack.requestCount()).isEqualTo(1);
        assertThat(e.reason()).isEqualTo("http_302");
    }

    @Test
    void post_shouldRetry_whenReadTimesOut() throws Exception {
        // arrange: the first answer comes long after the client's read timeout
        slack.replies(Reply.slow(5_000));

        // act
        int attempts = client(webhook, 200, 3).post(webhook, PAYLOAD, Deadline.inMillis(10_000));

        // assert
        assertThat(attempts).isEqualTo(2);
        assertThat(slack.requestCount()).isEqualTo(2);
    }

    @Test
    void post_shouldReportTimeout_whenEveryAttemptTimesOut() {
        // arrange
        slack.script(n -> Reply.slow(5_000));

        // act
        SlackDeliveryException e = catchThrowableOfType(SlackDeliveryException.class,
                () -> client(webhook, 150, 2).post(webhook, PAYLOAD, Deadline.inMillis(10_000)));

        // assert
        assertThat(slack.requestCount()).isEqualTo(2);
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).contains("did not answer in time");
        assertNoSecretIn(e.getMessage(), webhook);
    }

    @Test
    void post_shouldMakeNoRequest_whenDeadlineIsAlmostOver() {
        // arrange
        Deadline deadline = Deadline.inMillis(WebhookClient.MIN_ATTEMPT_MS - 50);

        // act
        SlackDeliveryException e = catchThrowableOfType(SlackDeliveryException.class,
                () -> client(webhook, 2000, 5).post(webhook, PAYLOAD, deadline));

        // assert
        assertThat(slack.requestCount()).isZero();
        assertThat(e.attempts()).isZero();
        assertThat(e.getMessage()).contains("no attempt was made");
    }

    @Test
    void post_shouldStopInsteadOfWaitingPastDeadline_whenRetryAfterDoesNotFit() {
        // arrange: Slack asks for 30 s, the invocation has 3 s left
        slack.script(n -> Reply.rateLimited(30));

        // act
        SlackDeliveryException e = catchThrowableOfType(SlackDeliveryException.class,
                () -> client(webhook, 2000, 5).post(webhook, PAYLOAD, Deadline.inMillis(3_000)));

        // assert
        assertThat(slack.requestCount()).isEqualTo(1);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.getMessage()).contains("rate limited").contains("would not fit");
    }

    @Test
    void post_shouldStopAtMaxAttempts_whenSlackKeepsFailing() {
        // arrange
        slack.script(n -> Reply.error(503, "busy"));

        // act
        SlackDeliveryException e = catchThrowableOfType(SlackDeliveryException.class,
                () -> client(webhook, 2000, 3).post(webhook, PAYLOAD, Deadline.inMillis(30_000)));

        // assert
        assertThat(slack.requestCount()).isEqualTo(3);
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.getMessage()).startsWith("message not delivered after 3 attempts").contains("HTTP 503 busy");
    }

    @Test
    void post_shouldFailWithoutUrl_whenConnectionIsRefused() throws IOException {
        // arrange: a port that was just free on loopback, so nothing listens there
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Secret closed = Secret.of("http://127.0.0.1:" + port + LocalWebhookReceiver.PATH);

        // act
        SlackDeliveryException e = catchThrowableOfType(SlackDeliveryException.class,
                () -> client(closed, 2000, 2).post(closed, PAYLOAD, Deadline.inMillis(10_000)));

        // assert
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).contains("could not reach Slack");
        assertNoSecretIn(e.getMessage(), closed);
        assertThat(e.getMessage()).doesNotContain(Integer.toString(port));
        assertThat(slack.requestCount()).isZero();
    }

    @Test
    void post_shouldFailWithoutEchoingIt_whenUrlIsInvalid() {
        // arrange
        Secret bad = Secret.of("not a url with secretTOKEN");

        // act
        SlackDeliveryException e = catchThrowableOfType(SlackDeliveryException.class,
                () -> client(bad, 2000, 1).post(bad, PAYLOAD, Deadline.inMillis(10_000)));

        // assert
        assertThat(e.getMessage()).contains("not a valid URL").doesNotContain("secretTOKEN");
        assertThat(slack.requestCount()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "200, invalid_payload",
        "200, no_text",
        "200, channel_not_found",
        "201, ok",
        "200, OK",
        "200, ok ok"
    })
    void post_shouldFailWithoutRetry_when2xxBodyIsNotExactlyOk(int status, String body) {
        // arrange: delivered means HTTP 200 with the body "ok"; anything else Slack says is a refusal
        slack.replies(Reply.error(status, body));

        // act
        SlackDeliveryException e = catchThrowableOfType(SlackDeliveryException.class,
                () -> client(webhook, 2000, 5).post(webhook, PAYLOAD, Deadline.inMillis(10_000)));

        // assert
        assertThat(e).isNotNull();
        assertThat(slack.requestCount()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.getMessage()).contains("HTTP " + status).contains(body).contains("not retried");
        assertNoSecretIn(e.getMessage(), webhook);
    }

    @Test
    void post_shouldFailWithoutRetry_when200HasNoBody() {
        // arrange
        slack.replies(Reply.error(200, ""));

        // act
        SlackDeliveryException e = catchThrowableOfType(SlackDeliveryException.class,
                () -> client(webhook, 2000, 5).post(webhook, PAYLOAD, Deadline.inMillis(10_000)));

        // assert
        assertThat(e).isNotNull();
        assertThat(slack.requestCount()).isEqualTo(1);
        assertThat(e.reason()).isEqualTo("http_200_not_ok");
    }

    @Test
    void post_shouldRetry_when200BodyIsTransientRollupError() throws Exception {
        // arrange: rollup_error is Slack's transient internal error, whatever status carries it
        slack.replies(Reply.error(200, "rollup_error"));

        // act
        int attempts = client(webhook, 2000, 5).post(webhook, PAYLOAD, Deadline.inMillis(10_000));

        // assert
        assertThat(attempts).isEqualTo(2);
        assertThat(slack.requestCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // the status line and headers arrive, then the body one byte every 200 ms
        "'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 400\r\n\r\n' | body",
        // the status line itself trickles: no header ever completes
        "'HTTP/1.1 2' | head"
    })
    void post_shouldEndFailedWithinTheDeadline_whenSlackTricklesItsAnswer(String prefix, String where) throws Exception {
        // arrange: each byte comes well inside the 1 s read timeout, so only a bound on the whole
        // exchange stops it; without one, 400 bytes take 80 s on a 2 s budget
        String head = prefix.replace("\\r\\n", "\r\n");
        String trickle = where.equals("body") ? "o".repeat(400) : "00 OK\r\n".repeat(50);
        long budgetMs = 2_000;
        try (TricklingHttpServer server = new TricklingHttpServer(head, trickle, 200)) {
            Secret url = Secret.of(server.url());
            Deadline deadline = Deadline.inMillis(budgetMs);
            Deadline deadlineWithMargin = Deadline.inMillis(budgetMs + 1_500);

            // act
            SlackDeliveryException e = catchThrowableOfType(SlackDeliveryException.class,
                    () -> client(url, 1_000, 5).post(url, PAYLOAD, deadline));

            // assert: failed as a transport problem (retryable by Lambda), and ended in time
            assertThat(e).isNotNull();
            assertThat(deadlineWithMargin.remainingMillis()).isPositive();
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).contains("did not answer in time");
            assertThat(server.requests()).isGreaterThanOrEqualTo(1);
            assertThat(server.bytesTrickled()).isLessThan(trickle.length());
            assertThat(e.getMessage()).doesNotContain(url.reveal()).doesNotContain("trickle-token");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 400\r\n\r\n' | body",
        "'HTTP/1.1 2' | head"
    })
    void post_shouldCutEachAttemptAtItsOwnBound_andRetry_whenSlackTricklesItsAnswer(String prefix, String where)
            throws Exception {
        // arrange: a byte every 100 ms keeps each read inside readTimeoutMs 500; the invocation
        // has 10 s, far more than one attempt's bound (connect 1000 + read 500 ms)
        String head = prefix.replace("\\r\\n", "\r\n");
        String trickle = where.equals("body") ? "o".repeat(400) : "00 OK\r\n".repeat(50);
        try (TricklingHttpServer server = new TricklingHttpServer(head, trickle, 100)) {
            Secret url = Secret.of(server.url());
            Deadline deadline = Deadline.inMillis(10_000);

            // act
            SlackDeliveryException e = catchThrowableOfType(SlackDeliveryException.class,
                    () -> client(url, 500, 2).post(url, PAYLOAD, deadline));

            // assert: the first attempt was cut by its own bound, not the invocation's, and retried
            assertThat(e).isNotNull();
            assertThat(server.requests()).as("requests the server saw").isEqualTo(2);
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).contains("did not answer in time").contains("attempt was cut")
                    .doesNotContain("invocation's deadline").doesNotContain("trickle-token");
            assertThat(deadline.remainingMillis()).as("the invocation's time was not used up").isPositive();
        }
    }

    @Test
    void reason_shouldKeepOneSafeToken_whenBodyIsHostile() {
        assertThat(WebhookClient.reason("no_service\n<html>more</html>")).isEqualTo("no_service");
        assertThat(WebhookClient.reason("<b>bad</b> & \"x\"")).isEqualTo("bbadb  x");
        assertThat(WebhookClient.reason("a".repeat(500))).hasSize(80);
        assertThat(WebhookClient.reason(null)).isEmpty();
    }

    @Test
    void retryAfterMs_shouldFallBackToDefault_whenHeaderIsMissingOrBad() {
        assertThat(WebhookClient.retryAfterMs("2")).isEqualTo(2_000);
        assertThat(WebhookClient.retryAfterMs(" 7 ")).isEqualTo(7_000);
        assertThat(WebhookClient.retryAfterMs(null)).isEqualTo(WebhookClient.DEFAULT_RETRY_AFTER_MS);
        assertThat(WebhookClient.retryAfterMs("-1")).isEqualTo(WebhookClient.DEFAULT_RETRY_AFTER_MS);
        assertThat(WebhookClient.retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(WebhookClient.DEFAULT_RETRY_AFTER_MS);
        assertThat(WebhookClient.retryAfterMs("999999")).isEqualTo(3_600_000);
    }

    @Test
    void backoffMs_shouldStayWithinJitterRange_whenAttemptsGrow() {
        for (int i = 0; i < 200; i++) {
            assertThat(WebhookClient.backoffMs(1)).isBetween(100L, 200L);
            assertThat(WebhookClient.backoffMs(2)).isBetween(200L, 400L);
            assertThat(WebhookClient.backoffMs(30)).isBetween(2_500L, WebhookClient.BACKOFF_CAP_MS);
        }
    }
}
