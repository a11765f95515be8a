package io.opsnotify.aws;

import io.opsnotify.notifier.base.Deadline;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Puts every AWS call under the command's {@link Deadline}: a call that would start with no time
 * left does not start; each call's {@code apiCallTimeout} and {@code apiCallAttemptTimeout} are
 * the per-call limits or what is left, whichever is shorter; and a call that times out carries an
 * {@link AwsTimeoutException} naming the service and operation it waited for (see
 * {@link AwsTimeoutException#find}).
 */
final class DeadlineInterceptor implements ExecutionInterceptor {
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("opsnotify.callStartedNanos");
    private static final Map<String, String> SERVICE_NAMES = Map.of("ec2", "EC2", "sns", "SNS", "lambda", "Lambda");

    private final Deadline deadline;
    private final AwsTimeouts timeouts;

    DeadlineInterceptor(Deadline deadline, AwsTimeouts timeouts) {
        this.deadline = deadline;
        this.timeouts = timeouts;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
        if (deadline.expired()) {
            throw AwsTimeoutException.of(deadline.elapsed(), service(attributes), operation(attributes),
                    deadline.limit(), null);
        }
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof AwsRequest request)) {
            return context.request();
        }
        AwsRequestOverrideConfiguration.Builder o = request.overrideConfiguration()
                .map(AwsRequestOverrideConfiguration::toBuilder)
                .orElseGet(AwsRequestOverrideConfiguration::builder);
        Duration call = atLeastOneMilli(deadline.cap(timeouts.call()));
        o.apiCallTimeout(call).apiCallAttemptTimeout(atLeastOneMilli(deadline.cap(timeouts.attempt())));
        return request.toBuilder().overrideConfiguration(o.build()).build();
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable e = context.exception();
        if (e instanceof AwsTimeoutException || !isTimeout(e)) {
            return e;
        }
        Long started = attributes.getAttribute(STARTED);
        Duration waited = started == null ? deadline.elapsed() : Duration.ofNanos(System.nanoTime() - started);
        // the SDK insists on an exception of the same class (ApiCallTimeoutException is final), so the
        // account of what timed out travels with it, for AwsErrors.describe
        e.addSuppressed(AwsTimeoutException.of(waited, service(attributes), operation(attributes), deadline.limit(), null));
        return e;
    }

    /** The SDK's own call/attempt timeouts, or a read that timed out (the socket timeout). */
    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException
                    || t instanceof InterruptedIOException) { // SocketTimeoutException and HttpTimeoutException are these
                return true;
            }
        }
        return false;
    }

    private static Duration atLeastOneMilli(Duration d) {
        return d.toMillis() < 1 ? Duration.ofMillis(1) : d;
    }

    private static String service(ExecutionAttributes a) {
        String s = a.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        return s == null ? "AWS" : SERVICE_NAMES.getOrDefault(s.toLowerCase(Locale.ROOT), s);
    }

    private static String operation(ExecutionAttributes a) {
        String op = a.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        return op == null ? "call" : op;
    }
}
