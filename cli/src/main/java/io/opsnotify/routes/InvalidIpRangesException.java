package io.opsnotify.routes;

/** ip-ranges.json, or a part asked of it, cannot be used; the message names the problem. */
public class InvalidIpRangesException extends IllegalArgumentException {
    public InvalidIpRangesException(String message) {
        super(message);
    }

    public InvalidIpRangesException(String message, Throwable cause) {
        super(message, cause);
    }
}
