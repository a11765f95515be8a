package io.opsnotify.aws;

import io.opsnotify.notifier.base.Deadline;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.services.sns.model.PublishRequest;

class DeadlineInterceptorTest {
    final AtomicLong now = new AtomicLong(7_000_000_000L);
    final Deadline deadline = Deadline.start(Duration.ofSeconds(30), now::get);
    final DeadlineInterceptor interceptor = new DeadlineInterceptor(deadline, AwsTimeouts.STANDARD);

    AwsRequestOverrideConfiguration limitsOf(PublishRequest request) {
        PublishRequest modified = (PublishRequest) interceptor.modifyRequest(() -> request, new ExecutionAttributes());
        return modified.overrideConfiguration().orElseThrow();
    }

    @Test
    void modifyRequest_shouldGiveTheCallThePerCallLimits_whileTheCommandHasMoreLeft() {
        AwsRequestOverrideConfiguration o = limitsOf(PublishRequest.builder().topicArn("t").message("m").build());

        assertThat(o.apiCallTimeout()).contains(Duration.ofSeconds(20));
        assertThat(o.apiCallAttemptTimeout()).contains(Duration.ofSeconds(10));
    }

    @Test
    void modifyRequest_shouldGiveTheCallOnlyWhatIsLeft_nearTheEnd_andKeepTheRequestsOwnSettings() {
        now.addAndGet(Duration.ofSeconds(26).toNanos());
        PublishRequest request = PublishRequest.builder().topicArn("t").message("m")
                .overrideConfiguration(c -> c.putHeader("x-test", "kept")).build();

        AwsRequestOverrideConfiguration o = limitsOf(request);

        assertThat(o.apiCallTimeout()).contains(Duration.ofSeconds(4));
        assertThat(o.apiCallAttemptTimeout()).contains(Duration.ofSeconds(4));
        assertThat(o.headers()).containsKey("x-test");
    }
}
