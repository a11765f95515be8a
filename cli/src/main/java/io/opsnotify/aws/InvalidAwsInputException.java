package io.opsnotify.aws;

/** An AWS value (region, endpoint, id, ARN, profile, timeout) that is invalid input: refused before any call. */
public final class InvalidAwsInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidAwsInputException(String message) {
        super(message);
    }
}
