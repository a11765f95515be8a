package io.opsnotify.deploy;

import io.opsnotify.cloud.CloudException;
import java.util.HashMap;
import java.util.Map;

/**
 * The failures an in-memory fake is told to answer, by operation (AWS's action name), and the
 * errors AWS answers with, as the SDK adapters translate them.
 */
final class CloudFaults {
    private record Fault(CloudException error, int times) {
    }

    private final Map<String, Fault> faults = new HashMap<>();

    /** The next {@code times} calls of the operation fail with this error. */
    synchronized void failNext(String operation, CloudException error, int times) {
        faults.put(operation, new Fault(error, times));
    }

    /** Every call of the operation fails with this error. */
    void failAlways(String operation, CloudException error) {
        failNext(operation, error, Integer.MAX_VALUE);
    }

    /** Throws the injected error for this operation, if there is one left. */
    synchronized void check(String operation) {
        Fault f = faults.get(operation);
        if (f == null) {
            return;
        }
        if (f.times() <= 1) {
            faults.remove(operation);
        } else if (f.times() != Integer.MAX_VALUE) {
            faults.put(operation, new Fault(f.error(), f.times() - 1));
        }
        throw f.error();
    }

    /** An error AWS answered with, as {@code AwsErrors} translates it. */
    static CloudException aws(CloudException.Kind kind, String code, String service, String message) {
        return new CloudException(kind, code, "AWS error " + code + " (" + service + "): " + message, null);
    }

    static CloudException accessDenied(String service) {
        return aws(CloudException.Kind.ACCESS_DENIED, "AccessDeniedException", service, "not authorized (injected)");
    }

    static CloudException timeout(String what) {
        return new CloudException(CloudException.Kind.TIMEOUT, null, "timed out after 3 s waiting for " + what
                + " (--timeout 3)", null);
    }
}
