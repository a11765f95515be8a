package io.opsnotify.s3policy;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The IAM condition operators, without the set qualifier ({@code ForAnyValue:},
 * {@code ForAllValues:}) and {@code IfExists} that {@link Policy.Operator} adds: each a
 * {@link Family} (what kind of values it compares), a {@link Comparison} within the family, and
 * whether it is negated ({@code StringNotEquals}, {@code NotIpAddress}, ...). {@link PolicyParser}
 * reads the name once; the {@link Evaluator} and the {@link Linter} decide by these properties.
 */
public enum ConditionOperator {
    STRING_EQUALS("StringEquals", Family.STRING, Comparison.EQUALS, false),
    STRING_NOT_EQUALS("StringNotEquals", Family.STRING, Comparison.EQUALS, true),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Family.STRING, Comparison.EQUALS_IGNORE_CASE, false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Family.STRING, Comparison.EQUALS_IGNORE_CASE, true),
    STRING_LIKE("StringLike", Family.STRING, Comparison.LIKE, false),
    STRING_NOT_LIKE("StringNotLike", Family.STRING, Comparison.LIKE, true),
    NUMERIC_EQUALS("NumericEquals", Family.NUMERIC, Comparison.EQUALS, false),
    NUMERIC_NOT_EQUALS("NumericNotEquals", Family.NUMERIC, Comparison.EQUALS, true),
    NUMERIC_LESS_THAN("NumericLessThan", Family.NUMERIC, Comparison.LESS_THAN, false),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Family.NUMERIC, Comparison.LESS_THAN_EQUALS, false),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Family.NUMERIC, Comparison.GREATER_THAN, false),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Family.NUMERIC, Comparison.GREATER_THAN_EQUALS, false),
    DATE_EQUALS("DateEquals", Family.DATE, Comparison.EQUALS, false),
    DATE_NOT_EQUALS("DateNotEquals", Family.DATE, Comparison.EQUALS, true),
    DATE_LESS_THAN("DateLessThan", Family.DATE, Comparison.LESS_THAN, false),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", Family.DATE, Comparison.LESS_THAN_EQUALS, false),
    DATE_GREATER_THAN("DateGreaterThan", Family.DATE, Comparison.GREATER_THAN, false),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Family.DATE, Comparison.GREATER_THAN_EQUALS, false),
    BOOL("Bool", Family.BOOL, Comparison.EQUALS, false),
    BINARY_EQUALS("BinaryEquals", Family.BINARY, Comparison.EQUALS, false),
    IP_ADDRESS("IpAddress", Family.IP_ADDRESS, Comparison.IN_RANGE, false),
    NOT_IP_ADDRESS("NotIpAddress", Family.IP_ADDRESS, Comparison.IN_RANGE, true),
    ARN_EQUALS("ArnEquals", Family.ARN, Comparison.EQUALS, false),
    ARN_LIKE("ArnLike", Family.ARN, Comparison.LIKE, false),
    ARN_NOT_EQUALS("ArnNotEquals", Family.ARN, Comparison.EQUALS, true),
    ARN_NOT_LIKE("ArnNotLike", Family.ARN, Comparison.LIKE, true),
    /** Tests whether the key is in the request at all ({@code "true"}: absent); takes no IfExists. */
    NULL("Null", Family.NULL, Comparison.ABSENT, false);

    /** What kind of values an operator compares. */
    public enum Family { STRING, NUMERIC, DATE, BOOL, BINARY, IP_ADDRESS, ARN, NULL }

    /** How a request value is compared with a policy value (for a negated operator: before the negation). */
    public enum Comparison { EQUALS, EQUALS_IGNORE_CASE, LIKE, LESS_THAN, LESS_THAN_EQUALS, GREATER_THAN,
        GREATER_THAN_EQUALS, IN_RANGE, ABSENT }

    private static final Map<String, ConditionOperator> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ConditionOperator::iamName, Function.identity()));

    private final String iamName;
    private final Family family;
    private final Comparison comparison;
    private final boolean negated;

    ConditionOperator(String iamName, Family family, Comparison comparison, boolean negated) {
        this.iamName = iamName;
        this.family = family;
        this.comparison = comparison;
        this.negated = negated;
    }

    /** The operator with this exact name (IAM's names are case-sensitive), e.g. {@code StringNotLike}. */
    public static Optional<ConditionOperator> named(String iamName) {
        return Optional.ofNullable(BY_NAME.get(iamName));
    }

    /** The name in a policy, e.g. {@code StringNotLike}. */
    public String iamName() {
        return iamName;
    }

    public Family family() {
        return family;
    }

    public Comparison comparison() {
        return comparison;
    }

    /** Holds when no policy value matches ({@code StringNotEquals}, {@code ArnNotLike}, {@code NotIpAddress}, ...). */
    public boolean negated() {
        return negated;
    }

    /** Whether it compares with wildcards ({@code *}, {@code ?}): {@code StringLike}, {@code ArnNotLike}, ... */
    public boolean like() {
        return comparison == Comparison.LIKE;
    }
}
