package io.opsnotify.s3policy;

/**
 * One problem in a policy: an ERROR makes the policy invalid (AWS would reject it, or it is not
 * JSON); a WARNING is a policy that is accepted but probably does not do what was meant.
 *
 * @param location where: {@code line 3, column 7} for JSON syntax, otherwise a JSON-Pointer-like
 *                 path such as {@code Statement[2].Condition.StringEquals.aws:SourceIp}
 */
public record Finding(Severity severity, String message, String location) {
    public enum Severity { ERROR, WARNING }

    static Finding error(String location, String message) {
        return new Finding(Severity.ERROR, message, location);
    }

    static Finding warning(String location, String message) {
        return new Finding(Severity.WARNING, message, location);
    }

    @Override
    public String toString() {
        return severity + " " + (location == null || location.isEmpty() ? "" : location + ": ") + message;
    }
}
