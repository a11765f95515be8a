package io.opsnotify.aws;

import io.opsnotify.cloud.CloudException;
import io.opsnotify.notifier.base.SafeText;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One line for an AWS failure, the same in every command: the AWS error code first (operators
 * search for it), then AWS's message; for a credentials problem, what to do about it; for a
 * timeout, what was waited for. AWS's text is escaped with {@link SafeText#line}.
 */
public final class AwsErrors {
    /** Error codes that mean "these credentials are not accepted" (unknown key, bad signature, expired session). */
    static final Set<String> CREDENTIAL_CODES = Set.of("UnrecognizedClientException", "InvalidClientTokenId",
            "AuthFailure", "InvalidAccessKeyId", "SignatureDoesNotMatch", "IncompleteSignature",
            "InvalidSignatureException", "MissingAuthenticationToken", "ExpiredToken", "ExpiredTokenException",
            "RequestExpired");

    static final String CREDENTIALS_HINT = "check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or --profile, and renew an "
            + "expired session (aws sso login, or a fresh AWS_SESSION_TOKEN)";

    /** Error codes of a request AWS refused as malformed or invalid (not "not found"). */
    static final Set<String> INVALID_CODES = Set.of("InvalidParameterValue", "InvalidParameter",
            "InvalidParameterCombination", "InvalidParameterException", "ValidationException", "ValidationError",
            "InvalidRequestException", "MissingParameter");

    /** Error codes of a caller that is not allowed to do this. */
    static final Set<String> DENIED_CODES = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "AuthorizationError", "AuthorizationErrorException");

    /**
     * Runs one SDK call of an adapter; any SDK failure becomes a {@link CloudException} with its
     * kind, code and the one line {@link #describe(Throwable)} gives. Every adapter method goes
     * through here, so no SDK exception leaves {@code io.opsnotify.aws}.
     */
    public static <T> T call(Supplier<T> sdkCall) {
        try {
            return sdkCall.get();
        } catch (SdkException e) {
            throw translate(e);
        }
    }

    /** {@link #call(Supplier)} for a call with no result. */
    public static void run(Runnable sdkCall) {
        call(() -> {
            sdkCall.run();
            return null;
        });
    }

    /**
     * The one line for an SDK failure that escaped an adapter (a safety net for the CLI's error
     * handler, which does not see SDK types); empty when {@code e} is not one.
     */
    public static Optional<String> describeIfSdk(Throwable e) {
        return e instanceof SdkException ? Optional.of(describe(e)) : Optional.empty();
    }

    /** The domain's view of an SDK failure (a waiter's wrapped failure included). */
    public static CloudException translate(SdkException e) {
        String line = describe((Throwable) e);
        if (AwsTimeoutException.find(e).isPresent()) {
            return new CloudException(CloudException.Kind.TIMEOUT, null, line, e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsCredentialsException) {
                return new CloudException(CloudException.Kind.CREDENTIALS, null, line, e);
            }
            if (t instanceof AwsServiceException a) {
                String code = a.awsErrorDetails() == null ? null : a.awsErrorDetails().errorCode();
                return new CloudException(kind(a, code), code, line, e);
            }
        }
        return new CloudException(CloudException.Kind.FAILED, null, line, e);
    }

    static CloudException.Kind kind(AwsServiceException e, String code) {
        if (code != null && CREDENTIAL_CODES.contains(code)) {
            return CloudException.Kind.CREDENTIALS;
        }
        if (code != null && DENIED_CODES.contains(code)) {
            return CloudException.Kind.ACCESS_DENIED;
        }
        if (e.isThrottlingException()) {
            return CloudException.Kind.THROTTLED;
        }
        if (code != null && (code.endsWith(".NotFound") || code.endsWith("NotFound") || code.equals("ResourceNotFoundException")
                || code.equals("NotFoundException"))) {
            return CloudException.Kind.NOT_FOUND;
        }
        if (code != null && (code.endsWith(".Malformed") || INVALID_CODES.contains(code))) {
            return CloudException.Kind.INVALID_REQUEST;
        }
        return e.statusCode() == 404 ? CloudException.Kind.NOT_FOUND : CloudException.Kind.FAILED;
    }

    private AwsErrors() {
    }

    /**
     * One line for any failure of an AWS step: AWS's answer, a timeout or credentials problem
     * found anywhere in the causes (an SDK waiter wraps the exception of its last poll), else
     * the first line of the message.
     */
    public static String describe(Throwable e) {
        var timeout = AwsTimeoutException.find(e);
        if (timeout.isPresent()) {
            return timeout.get().getMessage();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException a) {
                return describe(a);
            }
            if (t instanceof AwsCredentialsException c) {
                return c.getMessage();
            }
        }
        return e instanceof SdkClientException s ? describe(s) : SafeText.line(firstLine(e.getMessage()));
    }

    /** One line for an error AWS answered with. */
    public static String describe(AwsServiceException e) {
        var d = e.awsErrorDetails();
        String code = d == null || d.errorCode() == null ? "HTTP " + e.statusCode() : d.errorCode();
        String msg = d == null || d.errorMessage() == null ? firstLine(e.getMessage()) : firstLine(d.errorMessage());
        String service = d == null || d.serviceName() == null ? "" : " (" + d.serviceName() + ")";
        if (CREDENTIAL_CODES.contains(code)) {
            return "AWS did not accept the credentials: " + SafeText.line(code) + service + ": " + SafeText.line(msg)
                    + "; " + CREDENTIALS_HINT;
        }
        return "AWS error " + SafeText.line(code) + service + ": " + SafeText.line(msg);
    }

    /** One line for a call that did not reach AWS or got no usable answer (no credentials, no connection, timeout). */
    public static String describe(SdkClientException e) {
        var timeout = AwsTimeoutException.find(e);
        if (timeout.isPresent()) {
            return timeout.get().getMessage();
        }
        if (e instanceof AwsCredentialsException) {
            return e.getMessage();
        }
        return "could not call AWS: " + SafeText.line(firstLine(e.getMessage()));
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
