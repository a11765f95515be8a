package io.opsnotify.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/** A credentials provider whose failure is an {@link AwsCredentialsException}: one line with what to do. */
final class TidyCredentials implements AwsCredentialsProvider {
    private final AwsCredentialsProvider delegate;
    private final String source;

    /** @param source where the credentials were to come from, e.g. "profile ops" or "the default chain" */
    TidyCredentials(AwsCredentialsProvider delegate, String source) {
        this.delegate = delegate;
        this.source = source;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        try {
            return delegate.resolveCredentials();
        } catch (SdkClientException e) {
            throw AwsCredentialsException.of("no usable AWS credentials (" + source + "): set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, give a --profile that has them, or run where a role provides them "
                    + "(--stacktrace lists every place tried)", e);
        }
    }

    @Override
    public String toString() {
        return "TidyCredentials(" + source + ")";
    }
}
