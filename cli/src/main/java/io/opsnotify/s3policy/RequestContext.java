package io.opsnotify.s3policy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as the endpoint would see it, with exactly what this tool knows about it: the
 * action, the resource, the principal (null: not determined) and, per condition key, whether its
 * value is known, known to be absent, or present with a value not known. A key not in the map is
 * one the tool cannot determine; a condition on it is UNKNOWN.
 *
 * @param resource   an S3 ARN; when {@code anyObject}, it ends in {@code /*} and stands for every
 *                   object in the bucket (an Allow must cover all of them, a Deny of any of them counts)
 * @param principalArn the calling principal's ARN, or null when not determined
 */
public record RequestContext(String action, String resource, boolean anyObject, String principalArn,
        Map<String, Value> keys) {

    /** What is known about one condition key. */
    public record Value(State state, List<String> values) {
        public static final Value ABSENT = new Value(State.ABSENT, List.of());
        public static final Value PRESENT = new Value(State.PRESENT, List.of());

        public static Value of(String... values) {
            return new Value(State.KNOWN, List.of(values));
        }
    }

    public enum State {
        /** Present with these values. */
        KNOWN,
        /** Known not to be in the request (e.g. aws:SourceIp through a gateway endpoint). */
        ABSENT,
        /** Known to be in the request, value not known (e.g. s3:ResourceAccount of an AWS-owned bucket). */
        PRESENT
    }

    public RequestContext {
        Map<String, Value> lower = new HashMap<>();
        keys.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        keys = Map.copyOf(lower);
    }

    /** A request for {@code action} on {@code resource}; a resource ending in {@code /*} means every object. */
    public static RequestContext of(String action, String resource, String principalArn, Map<String, Value> keys) {
        return new RequestContext(action, resource, resource.endsWith("/*"), principalArn, keys);
    }

    /** null when the tool cannot determine the key. */
    public Value lookup(String key) {
        return keys.get(key.toLowerCase(Locale.ROOT));
    }

    /** The resource without the trailing {@code *} of "every object". */
    String resourcePrefix() {
        return anyObject ? resource.substring(0, resource.length() - 1) : resource;
    }
}
