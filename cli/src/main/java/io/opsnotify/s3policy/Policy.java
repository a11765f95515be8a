package io.opsnotify.s3policy;

import java.util.List;
import java.util.Map;

/**
 * A parsed endpoint policy: what {@link PolicyParser} read, in statement order, with where each
 * part was in the document.
 */
public record Policy(String version, List<Statement> statements, int length) {

    public enum Effect { Allow, Deny }

    /**
     * One statement. Exactly one of Action/NotAction and of Resource/NotResource is set
     * ({@code notAction}/{@code notResource} say which); {@code principal} is null when the
     * statement has neither Principal nor NotPrincipal.
     *
     * @param index position in the Statement array (0 for a single statement object)
     */
    public record Statement(int index, String sid, Effect effect, Principal principal, boolean notPrincipal,
            List<String> actions, boolean notAction, List<String> resources, boolean notResource,
            List<Condition> conditions, String location) {

        /** The Sid if it has one, else {@code Statement[i]}: how reports name it. */
        public String label() {
            return sid != null && !sid.isEmpty() ? sid : "Statement[" + index + "]";
        }
    }

    /**
     * Principal or NotPrincipal: {@code "*"} (anyone) or a map of kind (AWS, Service, Federated,
     * CanonicalUser) to values.
     */
    public record Principal(boolean anyone, Map<String, List<String>> values) {
        public static final Principal ANYONE = new Principal(true, Map.of());
    }

    /**
     * One key under one operator, e.g. {@code "ForAnyValue:StringLikeIfExists": {"aws:PrincipalArn": [...]}}.
     *
     * @param base     the operator without qualifier and IfExists, e.g. {@code StringLike}
     * @param key      the condition key as written (keys compare case-insensitively)
     */
    public record Condition(String operator, String base, SetQualifier qualifier, boolean ifExists, String key,
            List<String> values, String location) {
    }

    public enum SetQualifier { NONE, FOR_ANY_VALUE, FOR_ALL_VALUES }
}
