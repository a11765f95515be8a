package io.opsnotify.cloud;

/**
 * A call to the cloud (AWS) that failed, in the domain's words: what kind of failure, the
 * provider's error code when it gave one, and one printable line ({@link #getMessage()}: the
 * code first, then the provider's message, values escaped). The SDK adapters in
 * {@code io.opsnotify.aws} throw it for every failed call, so no domain package sees an SDK
 * type; the domain decides what a failure means for its own result (e.g. a route table that
 * does not exist is the caller's mistake, CRITICAL; throttling is UNKNOWN).
 */
public final class CloudException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as a caller needs to decide. */
    public enum Kind {
        /** The named resource does not exist (e.g. {@code InvalidRouteTableID.NotFound}, {@code ResourceNotFoundException}). */
        NOT_FOUND,
        /** The request was rejected as invalid (a malformed id, a bad parameter). */
        INVALID_REQUEST,
        /** The credentials are valid but not allowed to do this. */
        ACCESS_DENIED,
        /** The provider is throttling us and retries did not get through. */
        THROTTLED,
        /** No usable credentials, or the provider rejected them. */
        CREDENTIALS,
        /** The command's time limit or a per-call limit ran out. */
        TIMEOUT,
        /** Any other failure: the provider answered with an error, or could not be reached. */
        FAILED
    }

    private final Kind kind;
    private final String code;

    /**
     * @param kind    what went wrong
     * @param code    the provider's error code, null when there was no answer
     * @param line    one printable line, already escaped
     * @param cause   the provider's exception (kept for --stacktrace)
     */
    public CloudException(Kind kind, String code, String line, Throwable cause) {
        super(line, cause);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** The provider's error code ({@code InvalidRouteTableID.NotFound}), or null. */
    public String code() {
        return code;
    }
}
