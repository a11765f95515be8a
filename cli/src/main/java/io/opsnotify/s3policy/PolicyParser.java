package io.opsnotify.s3policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the IAM policy grammar from JSON (Jackson's tree): Statement as one object or an array,
 * string-or-list fields, Principal {@code "*"} or a map, Condition operator → key → values.
 * Grammar problems are ERROR findings with their location; the policy is returned whenever the
 * document is a JSON object, so that the linter can look at the rest.
 */
public final class PolicyParser {
    static final Set<String> TOP_KEYS = Set.of("Version", "Id", "Statement");
    static final Set<String> STATEMENT_KEYS = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");
    private static final String FOR_ANY_VALUE = "ForAnyValue:";
    private static final String FOR_ALL_VALUES = "ForAllValues:";
    private static final String IF_EXISTS = "IfExists";
    static final Set<String> PRINCIPAL_KINDS = Set.of("AWS", "Service", "Federated", "CanonicalUser");
    /** The parsed policy (null when the text is not a JSON object) and every problem found. */
    public record Result(Policy policy, List<Finding> findings) {
        public boolean valid() {
            return policy != null && findings.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
        }
    }

    private final ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public Result parse(String text) {
        List<Finding> findings = new ArrayList<>();
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String where = l == null ? "" : "line " + l.getLineNr() + ", column " + l.getColumnNr();
            findings.add(Finding.error(where, "not valid JSON: " + e.getOriginalMessage()));
            return new Result(null, findings);
        }
        if (root == null || !root.isObject()) {
            findings.add(Finding.error("", "a policy is a JSON object with a Statement"));
            return new Result(null, findings);
        }
        root.fieldNames().forEachRemaining(k -> {
            if (!TOP_KEYS.contains(k)) {
                findings.add(Finding.error(k, "unknown policy element \"" + k + "\" (allowed: Version, Id, Statement)"));
            }
        });
        String version = null;
        if (root.has("Version")) {
            version = root.get("Version").asText();
            if (!Set.of("2012-10-17", "2008-10-17").contains(version)) {
                findings.add(Finding.error("Version", "Version must be \"2012-10-17\" (or the old \"2008-10-17\"), not \""
                        + version + "\""));
            }
        }
        List<Policy.Statement> statements = new ArrayList<>();
        JsonNode st = root.get("Statement");
        if (st == null) {
            findings.add(Finding.error("Statement", "no Statement"));
        } else if (st.isObject()) {
            statements.add(statement(st, 0, "Statement", findings));
        } else if (st.isArray()) {
            if (st.isEmpty()) {
                findings.add(Finding.error("Statement", "Statement is an empty list"));
            }
            for (int i = 0; i < st.size(); i++) {
                String loc = "Statement[" + i + "]";
                if (st.get(i).isObject()) {
                    statements.add(statement(st.get(i), i, loc, findings));
                } else {
                    findings.add(Finding.error(loc, "a statement must be a JSON object"));
                }
            }
        } else {
            findings.add(Finding.error("Statement", "Statement must be an object or a list of objects"));
        }
        return new Result(new Policy(version, statements, text.length()), findings);
    }

    private Policy.Statement statement(JsonNode s, int index, String loc, List<Finding> findings) {
        s.fieldNames().forEachRemaining(k -> {
            if (!STATEMENT_KEYS.contains(k)) {
                findings.add(Finding.error(loc + "." + k, "unknown statement element \"" + k + "\""));
            }
        });
        String sid = s.has("Sid") ? s.get("Sid").asText() : null;
        Policy.Effect effect = null;
        JsonNode e = s.get("Effect");
        if (e == null) {
            findings.add(Finding.error(loc + ".Effect", "no Effect (Allow or Deny)"));
        } else if ("Allow".equals(e.asText()) || "Deny".equals(e.asText())) {
            effect = Policy.Effect.valueOf(e.asText());
        } else {
            findings.add(Finding.error(loc + ".Effect", "Effect must be \"Allow\" or \"Deny\", not " + e));
        }
        Policy.Principal principal = null;
        boolean notPrincipal = false;
        if (s.has("Principal") && s.has("NotPrincipal")) {
            findings.add(Finding.error(loc, "both Principal and NotPrincipal"));
        }
        if (s.has("Principal")) {
            principal = principal(s.get("Principal"), loc + ".Principal", findings);
        } else if (s.has("NotPrincipal")) {
            notPrincipal = true;
            principal = principal(s.get("NotPrincipal"), loc + ".NotPrincipal", findings);
        }
        boolean notAction = !s.has("Action") && s.has("NotAction");
        List<String> actions = exactlyOne(s, "Action", "NotAction", loc, findings);
        boolean notResource = !s.has("Resource") && s.has("NotResource");
        List<String> resources = exactlyOne(s, "Resource", "NotResource", loc, findings);
        List<Policy.Condition> conditions = s.has("Condition")
                ? conditions(s.get("Condition"), loc + ".Condition", findings) : List.of();
        return new Policy.Statement(index, sid, effect, principal, notPrincipal, actions, notAction, resources,
                notResource, conditions, loc);
    }

    private List<String> exactlyOne(JsonNode s, String name, String notName, String loc, List<Finding> findings) {
        if (s.has(name) && s.has(notName)) {
            findings.add(Finding.error(loc, "both " + name + " and " + notName));
        }
        if (!s.has(name) && !s.has(notName)) {
            findings.add(Finding.error(loc, "no " + name + " (or " + notName + ")"));
            return List.of();
        }
        String key = s.has(name) ? name : notName;
        return strings(s.get(key), loc + "." + key, findings);
    }

    private List<String> strings(JsonNode n, String loc, List<Finding> findings) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            out.add(n.asText());
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                if (n.get(i).isTextual()) {
                    out.add(n.get(i).asText());
                } else {
                    findings.add(Finding.error(loc + "[" + i + "]", "must be a string, not " + n.get(i)));
                }
            }
            if (n.isEmpty()) {
                findings.add(Finding.error(loc, "empty list"));
            }
        } else {
            findings.add(Finding.error(loc, "must be a string or a list of strings, not " + n));
        }
        return out;
    }

    private Policy.Principal principal(JsonNode n, String loc, List<Finding> findings) {
        if (n.isTextual()) {
            if (!"*".equals(n.asText())) {
                findings.add(Finding.error(loc, "a Principal string can only be \"*\"; write {\"AWS\": \"" + n.asText()
                        + "\"}"));
            }
            return Policy.Principal.ANYONE;
        }
        if (!n.isObject()) {
            findings.add(Finding.error(loc, "Principal must be \"*\" or an object such as {\"AWS\": ...}"));
            return new Policy.Principal(false, Map.of());
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> kv = it.next();
            if (!PRINCIPAL_KINDS.contains(kv.getKey())) {
                findings.add(Finding.error(loc + "." + kv.getKey(), "unknown principal type \"" + kv.getKey()
                        + "\" (AWS, Service, Federated, CanonicalUser)"));
            }
            values.put(kv.getKey(), strings(kv.getValue(), loc + "." + kv.getKey(), findings));
        }
        return new Policy.Principal(false, values);
    }

    private List<Policy.Condition> conditions(JsonNode n, String loc, List<Finding> findings) {
        List<Policy.Condition> out = new ArrayList<>();
        if (!n.isObject()) {
            findings.add(Finding.error(loc, "Condition must be an object: {\"Operator\": {\"key\": value}}"));
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> ops = n.fields(); ops.hasNext(); ) {
            Map.Entry<String, JsonNode> op = ops.next();
            String opLoc = loc + "." + op.getKey();
            Policy.Operator operator = operator(op.getKey());
            if (!operator.valid()) {
                findings.add(Finding.error(opLoc, "unknown condition operator \"" + op.getKey() + "\""));
            }
            if (!op.getValue().isObject()) {
                findings.add(Finding.error(opLoc, "must be an object of condition keys to values"));
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> kv = keys.next();
                String keyLoc = opLoc + "." + kv.getKey();
                List<String> values = new ArrayList<>();
                JsonNode v = kv.getValue();
                if (v.isValueNode() && !v.isNull()) {
                    values.add(v.asText());
                } else if (v.isArray()) {
                    for (JsonNode item : v) {
                        if (item.isValueNode() && !item.isNull()) {
                            values.add(item.asText());
                        } else {
                            findings.add(Finding.error(keyLoc, "condition values must be strings, numbers or booleans"));
                        }
                    }
                } else {
                    findings.add(Finding.error(keyLoc, "condition value must be a string or a list of strings"));
                }
                if ((operator.is(ConditionOperator.Family.BOOL) || operator.is(ConditionOperator.Family.NULL))
                        && !values.stream().allMatch(x -> x.equalsIgnoreCase("true") || x.equalsIgnoreCase("false"))) {
                    findings.add(Finding.error(keyLoc, operator.base().iamName() + " takes \"true\" or \"false\", not "
                            + values));
                }
                out.add(new Policy.Condition(operator, kv.getKey(), values, keyLoc));
            }
        }
        return out;
    }

    /**
     * An operator name: an optional {@code ForAnyValue:} / {@code ForAllValues:}, the operator, an
     * optional {@code IfExists}. A name whose middle is not an IAM operator keeps a null base.
     */
    static Policy.Operator operator(String name) {
        String rest = name;
        Policy.SetQualifier q = Policy.SetQualifier.NONE;
        if (rest.startsWith(FOR_ANY_VALUE)) {
            q = Policy.SetQualifier.FOR_ANY_VALUE;
            rest = rest.substring(FOR_ANY_VALUE.length());
        } else if (rest.startsWith(FOR_ALL_VALUES)) {
            q = Policy.SetQualifier.FOR_ALL_VALUES;
            rest = rest.substring(FOR_ALL_VALUES.length());
        }
        boolean ifExists = rest.endsWith(IF_EXISTS);
        if (ifExists) {
            rest = rest.substring(0, rest.length() - IF_EXISTS.length());
        }
        return new Policy.Operator(name, ConditionOperator.named(rest).orElse(null), q, ifExists);
    }
}
