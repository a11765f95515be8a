package io.opsnotify.aws;

import io.opsnotify.notifier.base.Deadline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.opsnotify.awslocal.AwsLocal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** AwsClients against the local AWS endpoint: the command's deadline over every call. */
class AwsClientsTest {
    final AtomicLong now = new AtomicLong(5_000_000_000L);
    AwsLocal aws;

    @BeforeEach
    void start() {
        aws = AwsLocal.start();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    AwsSettings settings(Deadline deadline) {
        return AwsSettings.resolve(null, "ap-northeast-1", aws.endpoint().toString(),
                Map.of("AWS_ACCESS_KEY_ID", "AKIATEST", "AWS_SECRET_ACCESS_KEY", "test-secret-key"),
                AwsTimeouts.STANDARD, deadline);
    }

    @Test
    void call_shouldGoThrough_whileTheDeadlineHasTimeLeft() {
        try (AwsClients clients = new AwsClients(settings(Deadline.start(Duration.ofSeconds(30), now::get)))) {
            assertThat(clients.sns().listTopics().topics()).isEmpty();
        }
        assertThat(aws.calls("sns", "ListTopics")).hasSize(1);
    }

    @Test
    void call_shouldNotStart_onceTheCommandsTimeIsUsedUp() {
        Deadline deadline = Deadline.start(Duration.ofSeconds(30), now::get);
        try (AwsClients clients = new AwsClients(settings(deadline))) {
            clients.ec2().describeVpcs();
            now.addAndGet(Duration.ofSeconds(31).toNanos());

            SdkClientException e = catchThrowableOfType(SdkClientException.class, () -> clients.sns().listTopics());

            assertThat(AwsErrors.describe(e)).isEqualTo("timed out after 31 s waiting for SNS ListTopics (--timeout 30)");
        }
        assertThat(aws.calls()).extracting(c -> c.action()).containsExactly("DescribeVpcs");
    }

    @Test
    void hungCall_shouldEndWithItsAttemptLimit_andNameTheOperation() {
        aws.hangEverything();
        AwsTimeouts quick = new AwsTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        AwsSettings s = AwsSettings.resolve(null, "ap-northeast-1", aws.endpoint().toString(),
                Map.of("AWS_ACCESS_KEY_ID", "AKIATEST", "AWS_SECRET_ACCESS_KEY", "test-secret-key"), quick,
                Deadline.start(Duration.ofSeconds(30)));
        try (AwsClients clients = new AwsClients(s)) {
            SdkClientException e = catchThrowableOfType(SdkClientException.class, () -> clients.lambda().listFunctions());

            assertThat(AwsErrors.describe(e)).matches("timed out after [1-9]\\d* s waiting for Lambda ListFunctions \\(--timeout 30\\)");
        }
        assertThat(aws.calls("lambda", "ListFunctions")).isNotEmpty();
    }
}
