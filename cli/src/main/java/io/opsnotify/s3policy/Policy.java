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
     * @param key the condition key as written (keys compare case-insensitively)
     */
    public record Condition(Operator operator, String key, List<String> values, String location) {
    }

    /**
     * A condition operator as written, read once by {@link PolicyParser}: the set qualifier, the
     * operator itself, {@code IfExists}.
     *
     * @param name      as written, e.g. {@code ForAnyValue:StringLikeIfExists}
     * @param base      the operator without qualifier and IfExists ({@link ConditionOperator#STRING_LIKE});
     *                  null when the name is not an IAM operator (the parser reports it)
     * @param qualifier {@code ForAnyValue:}, {@code ForAllValues:} or none
     * @param ifExists  whether the name ends in {@code IfExists}
     */
    public record Operator(String name, ConditionOperator base, SetQualifier qualifier, boolean ifExists) {

        /** An IAM operator: a known one, and not {@code NullIfExists} (Null takes no IfExists). */
        public boolean valid() {
            return base != null && !(ifExists && base == ConditionOperator.NULL);
        }

        /** A negated operator ({@code StringNotEquals}, ...); false for a name that is not an operator. */
        public boolean negated() {
            return base != null && base.negated();
        }

        /** Whether the base operator is of this family; false for a name that is not an operator. */
        public boolean is(ConditionOperator.Family family) {
            return base != null && base.family() == family;
        }

        /** Whether it compares with wildcards; false for a name that is not an operator. */
        public boolean like() {
            return base != null && base.like();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public enum SetQualifier { NONE, FOR_ANY_VALUE, FOR_ALL_VALUES }
}
