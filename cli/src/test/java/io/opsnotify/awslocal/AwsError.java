package io.opsnotify.awslocal;

/**
 * An AWS error the way a service reports it: error code (e.g. {@code NotFound},
 * {@code InvalidSubnetID.NotFound}, {@code ResourceNotFoundException}), message and HTTP status.
 * Each service renders it in its own protocol's error shape.
 */
final class AwsError extends RuntimeException {
    final String code;
    final int status;

    AwsError(String code, String message, int status) {
        super(message);
        this.code = code;
        this.status = status;
    }
}
