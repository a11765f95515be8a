package io.opsnotify.s3policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates an endpoint policy for one request with IAM's rules, and says UNKNOWN instead of
 * guessing. Hand-written: no maintained Java library evaluates IAM policies (the AWS SDK has
 * none; IAM's own simulator and Access Analyzer are remote, and Access Analyzer has no
 * VPC-endpoint resource type).
 *
 * <p>Per statement: Action/NotAction (case-insensitive, {@code *} and {@code ?}), Resource/NotResource
 * (case-sensitive, {@code *} spans {@code /}), Principal/NotPrincipal, then every condition (all must
 * hold). Each is TRUE, FALSE or UNKNOWN. When the request stands for every object of a bucket, an
 * Allow must cover all of them, while a Deny counts when it reaches any of them.
 *
 * <p>Combining: a Deny that applies → DENIED. No Allow that applies or might apply → DENIED
 * (implicit deny, whatever the Denies say). A Deny that might apply → UNKNOWN. An Allow that
 * applies → ALLOWED. Only Allows that might apply → UNKNOWN.
 *
 * <p>Conditions: a key the context knows is compared; a key known to be absent makes positive
 * operators false and negated ones ({@code StringNotEquals}, {@code ArnNotLike}, ...) true, as IAM
 * does, {@code ...IfExists} true, {@code ForAllValues:} true and {@code ForAnyValue:} false; a key
 * known present with an unknown value is decided only by a pattern that matches anything
 * ({@code "*"}); {@code Null} tests presence; any other case is UNKNOWN naming the key.
 */
public final class Evaluator {
    enum Tri {
        TRUE, FALSE, UNKNOWN;

        static Tri of(boolean b) {
            return b ? TRUE : FALSE;
        }
    }

    /** A TRUE/FALSE/UNKNOWN with the key that made it UNKNOWN. */
    record Outcome(Tri tri, String key) {
        static final Outcome TRUE = new Outcome(Tri.TRUE, null);
        static final Outcome FALSE = new Outcome(Tri.FALSE, null);

        static Outcome of(boolean b) {
            return b ? TRUE : FALSE;
        }

        static Outcome unknown(String key) {
            return new Outcome(Tri.UNKNOWN, key);
        }

        Outcome and(Outcome other) {
            if (tri == Tri.FALSE || other.tri == Tri.FALSE) {
                return FALSE;
            }
            return tri == Tri.UNKNOWN ? this : other;
        }
    }

    public Verdict evaluate(Policy policy, RequestContext ctx) {
        Verdict denyUnknown = null;
        Verdict allowTrue = null;
        Verdict allowUnknown = null;
        for (Policy.Statement s : policy.statements()) {
            Outcome o = applies(s, ctx);
            if (o.tri() == Tri.FALSE) {
                continue;
            }
            if (s.effect() == Policy.Effect.Deny) {
                if (o.tri() == Tri.TRUE) {
                    return Verdict.denied(s.label());
                }
                if (denyUnknown == null) {
                    denyUnknown = Verdict.unknown(s.label(), o.key());
                }
            } else if (o.tri() == Tri.TRUE) {
                if (allowTrue == null) {
                    allowTrue = Verdict.allowed(s.label());
                }
            } else if (allowUnknown == null) {
                allowUnknown = Verdict.unknown(s.label(), o.key());
            }
        }
        if (allowTrue == null && allowUnknown == null) {
            return Verdict.implicitDeny();
        }
        if (denyUnknown != null) {
            return denyUnknown;
        }
        return allowTrue != null ? allowTrue : allowUnknown;
    }

    /** Whether the statement applies to the request. */
    Outcome applies(Policy.Statement s, RequestContext ctx) {
        boolean action = s.actions().stream().anyMatch(a -> Glob.matches(a, ctx.action(), true));
        if (action == s.notAction()) {
            return Outcome.FALSE;
        }
        if (!resourceApplies(s, ctx)) {
            return Outcome.FALSE;
        }
        Outcome o = principal(s, ctx);
        for (Policy.Condition c : s.conditions()) {
            if (o.tri() == Tri.FALSE) {
                break;
            }
            o = o.and(condition(c, ctx));
        }
        return o;
    }

    private static boolean resourceApplies(Policy.Statement s, RequestContext ctx) {
        List<String> patterns = s.resources();
        if (!ctx.anyObject()) {
            boolean any = patterns.stream().anyMatch(p -> Glob.matches(p, ctx.resource(), false));
            return any != s.notResource();
        }
        String prefix = ctx.resourcePrefix();
        boolean deny = s.effect() == Policy.Effect.Deny;
        if (!s.notResource()) {
            // an Allow must cover every object; a Deny counts if it reaches any
            return patterns.stream().anyMatch(p -> deny ? Glob.overlapsPrefix(p, prefix) : Glob.coversPrefix(p, prefix));
        }
        // NotResource: the statement applies to the objects outside the patterns
        return deny ? patterns.stream().noneMatch(p -> Glob.coversPrefix(p, prefix))
                : patterns.stream().noneMatch(p -> Glob.overlapsPrefix(p, prefix));
    }

    /**
     * {@code "*"} and {@code {"AWS":"*"}} match anyone; otherwise the principal must be known:
     * an AWS value is an ARN (an assumed-role session matches its role) or a 12-digit account id,
     * which stands for that account's root user only. Service, Federated and CanonicalUser
     * principals never match the IAM principal of a request through an endpoint.
     */
    static Outcome principal(Policy.Statement s, RequestContext ctx) {
        Policy.Principal p = s.principal();
        if (p == null) {
            return Outcome.TRUE;
        }
        boolean anyone = p.anyone() || p.values().getOrDefault("AWS", List.of()).contains("*");
        if (anyone) {
            return Outcome.of(!s.notPrincipal());
        }
        if (ctx.principalArn() == null) {
            return Outcome.unknown(s.notPrincipal() ? "NotPrincipal" : "Principal");
        }
        String arn = ctx.principalArn();
        String role = roleOfSession(arn);
        boolean match = p.values().getOrDefault("AWS", List.of()).stream().anyMatch(v -> {
            String full = v.matches("\\d{12}") ? "arn:aws:iam::" + v + ":root" : v;
            return full.equals(arn) || full.equals(role);
        });
        return Outcome.of(match != s.notPrincipal());
    }

    /** {@code arn:aws:sts::111122223333:assumed-role/Name/session} → {@code arn:aws:iam::111122223333:role/Name}. */
    static String roleOfSession(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length == 6 && parts[2].equals("sts") && parts[5].startsWith("assumed-role/")) {
            String[] path = parts[5].split("/");
            if (path.length >= 2) {
                return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + path[1];
            }
        }
        return arn;
    }

    Outcome condition(Policy.Condition c, RequestContext ctx) {
        for (String v : c.values()) {
            if (v.contains("${")) {
                return Outcome.unknown(c.key() + " (policy variable " + v + ")");
            }
        }
        Policy.Operator operator = c.operator();
        if (operator.base() == null) {
            return Outcome.unknown(c.key() + " (operator " + operator.name() + ")");
        }
        ConditionOperator op = operator.base();
        RequestContext.Value v = ctx.lookup(c.key());
        if (op == ConditionOperator.NULL) {
            if (v == null) {
                return Outcome.unknown(c.key());
            }
            boolean absent = v.state() == RequestContext.State.ABSENT;
            return Outcome.of(c.values().stream().anyMatch(x -> x.equalsIgnoreCase("true") == absent));
        }
        boolean negated = op.negated();
        if (v == null) {
            return Outcome.unknown(c.key());
        }
        switch (v.state()) {
            case ABSENT -> {
                if (operator.ifExists()) {
                    return Outcome.TRUE;
                }
                return switch (operator.qualifier()) {
                    case FOR_ALL_VALUES -> Outcome.TRUE;
                    case FOR_ANY_VALUE -> Outcome.FALSE;
                    case NONE -> Outcome.of(negated);
                };
            }
            case PRESENT -> {
                if (op.like() && c.values().contains("*")) {
                    return Outcome.of(!negated);
                }
                return Outcome.unknown(c.key());
            }
            default -> {
                // KNOWN
            }
        }
        if (op.family() == ConditionOperator.Family.IP_ADDRESS || op.family() == ConditionOperator.Family.BINARY) {
            return Outcome.unknown(c.key() + " (" + op.iamName() + " is not evaluated)");
        }
        List<String> actual = v.values();
        return switch (operator.qualifier()) {
            case FOR_ANY_VALUE -> Outcome.of(actual.stream().anyMatch(a -> holds(c, a, negated)));
            case FOR_ALL_VALUES -> Outcome.of(actual.stream().allMatch(a -> holds(c, a, negated)));
            case NONE -> Outcome.of(negated ? actual.stream().allMatch(a -> holds(c, a, true))
                    : actual.stream().anyMatch(a -> holds(c, a, false)));
        };
    }

    /** The operator for one request value: any condition value matches; for a negated operator, none does. */
    private static boolean holds(Policy.Condition c, String actual, boolean negated) {
        ConditionOperator op = c.operator().base();
        boolean any = c.values().stream().anyMatch(expected -> matches(op, expected, actual));
        return any != negated;
    }

    /** Whether the request value matches one policy value, before any negation. */
    static boolean matches(ConditionOperator op, String expected, String actual) {
        return switch (op.family()) {
            case STRING -> switch (op.comparison()) {
                case EQUALS -> expected.equals(actual);
                case EQUALS_IGNORE_CASE -> expected.equalsIgnoreCase(actual);
                case LIKE -> Glob.matches(expected, actual, false);
                default -> false;
            };
            case ARN -> arnMatches(expected, actual);
            case BOOL -> expected.equalsIgnoreCase(actual);
            case NUMERIC -> compare(op.comparison(), number(actual), number(expected));
            case DATE -> compare(op.comparison(), date(actual), date(expected));
            case BINARY, IP_ADDRESS, NULL -> false;
        };
    }

    /** ARNs compare per colon-separated component (six of them), each with {@code *} and {@code ?}. */
    static boolean arnMatches(String pattern, String arn) {
        String[] p = pattern.split(":", 6);
        String[] a = arn.split(":", 6);
        if (p.length != 6 || a.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!Glob.matches(p[i], a[i], false)) {
                return false;
            }
        }
        return true;
    }

    private static <T extends Comparable<T>> boolean compare(ConditionOperator.Comparison how, T actual, T expected) {
        if (actual == null || expected == null) {
            return false;
        }
        int c = actual.compareTo(expected);
        return switch (how) {
            case EQUALS -> c == 0;
            case LESS_THAN -> c < 0;
            case LESS_THAN_EQUALS -> c <= 0;
            case GREATER_THAN -> c > 0;
            case GREATER_THAN_EQUALS -> c >= 0;
            default -> false;
        };
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant date(String s) {
        try {
            if (s.matches("\\d+")) {
                return Instant.ofEpochSecond(Long.parseLong(s));
            }
            return OffsetDateTime.parse(s).toInstant();
        } catch (RuntimeException e) {
            try {
                return Instant.parse(s.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }
}
