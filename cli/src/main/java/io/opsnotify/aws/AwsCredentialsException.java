package io.opsnotify.aws;

import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * No usable credentials were found before calling AWS (none anywhere, a profile without keys, a
 * credential process that failed). Its message is one line saying so and what to do; the SDK's
 * account of every place it looked (over a thousand characters) is the cause, for --stacktrace.
 */
public final class AwsCredentialsException extends SdkClientException {
    private static final long serialVersionUID = 1L;

    private AwsCredentialsException(Builder b) {
        super(b);
    }

    static AwsCredentialsException of(String message, Throwable cause) {
        return new AwsCredentialsException(new CredentialsBuilder().message(message).cause(cause));
    }

    private static final class CredentialsBuilder extends BuilderImpl {
    }
}
