package io.opsnotify.s3policy;

/**
 * The answer for one access: ALLOWED (by {@code statement}), DENIED (by {@code statement}, or
 * null: no statement allows) or UNKNOWN ({@code key} names what the tool could not determine,
 * {@code statement} the statement that needed it).
 */
public record Verdict(Decision decision, String statement, String key, String reason) {
    public enum Decision { ALLOWED, DENIED, UNKNOWN }

    static Verdict allowed(String statement) {
        return new Verdict(Decision.ALLOWED, statement, null, "allowed by " + statement);
    }

    static Verdict denied(String statement) {
        return new Verdict(Decision.DENIED, statement, null, "explicitly denied by " + statement);
    }

    static Verdict implicitDeny() {
        return new Verdict(Decision.DENIED, null, null, "no statement allows it");
    }

    static Verdict unknown(String statement, String key) {
        return new Verdict(Decision.UNKNOWN, statement, key, "depends on " + key + " (" + statement + ")");
    }
}
