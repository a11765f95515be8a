package io.opsnotify.aws;

import java.util.Optional;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * An AWS call that did not finish within its time (the command's {@code --timeout}, or the
 * per-call or per-attempt limit under it). An {@link SdkClientException}, so that every command
 * that reports "could not reach AWS" as UNKNOWN (exit 3) reports this the same way; its message
 * is the one line to show: {@code timed out after N s waiting for EC2 DescribeSubnets}.
 */
public final class AwsTimeoutException extends SdkClientException {
    private static final long serialVersionUID = 1L;

    private AwsTimeoutException(Builder b) {
        super(b);
    }

    static AwsTimeoutException of(Duration waited, String service, String operation, Duration commandLimit,
                                  Throwable cause) {
        long seconds = Math.max(1, (waited.toMillis() + 500) / 1000);
        String message = "timed out after " + seconds + " s waiting for " + service + " " + operation
                + " (--timeout " + commandLimit.toSeconds() + ")";
        return new AwsTimeoutException(new TimeoutBuilder().message(message).cause(cause));
    }

    /**
     * The account of a timeout in {@code e}: {@code e} itself, or the one the deadline interceptor
     * attached (as a suppressed exception) to the SDK's own timeout exception or to one of its causes.
     */
    public static Optional<AwsTimeoutException> find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsTimeoutException a) {
                return Optional.of(a);
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof AwsTimeoutException a) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    private static final class TimeoutBuilder extends BuilderImpl {
    }
}
