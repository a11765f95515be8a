package io.opsnotify.s3policy;

import io.opsnotify.check.CheckReport;
import io.opsnotify.check.CheckStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opsnotify.notifier.base.SafeText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The result of validate-s3-endpoint: a status (the Nagios convention: OK, WARNING, CRITICAL,
 * UNKNOWN), a one-line summary, the verdict per required access and the lint findings.
 * {@link #assess} is the whole decision and needs no AWS.
 */
public record S3EndpointReport(CheckStatus status, String summary, String source, EndpointFacts endpoint,
        List<Check> checks, List<Finding> findings) implements CheckReport {


    public record Check(RequiredAccess access, Verdict verdict) {
    }

    /**
     * What the tool knows about the requests beyond the policy.
     *
     * @param principalArn --principal-arn, or null
     * @param context      --context key=value pairs (a key given twice has two values)
     */
    public record Knowledge(String principalArn, Map<String, List<String>> context) {
    }

    /** Condition keys about the caller: for AWS-owned buckets they are not determined (see {@link RequiredAccess}). */
    static boolean principalKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.startsWith("aws:principal") || k.equals("aws:userid") || k.equals("aws:username");
    }

    /** Condition keys about the bucket's owner: for AWS-owned buckets, not the values given for your own. */
    static boolean ownerKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.startsWith("aws:resource") || k.equals("s3:resourceaccount");
    }

    /**
     * AWS's limit for a VPC endpoint policy, in characters: a longer policy cannot be applied, so
     * it is refused before it is parsed or linted (a 2 MB policy took 14 s to lint).
     */
    public static final int MAX_POLICY_CHARS = Linter.MAX_LENGTH;

    /** CRITICAL (an invalid policy) without parsing it: it is longer than {@link #MAX_POLICY_CHARS}. */
    public static S3EndpointReport tooLarge(String source, String what) {
        return new S3EndpointReport(CheckStatus.CRITICAL, "CRITICAL: the policy is invalid: " + what + ", over AWS's limit of "
                + MAX_POLICY_CHARS + " characters for an endpoint policy (not checked)", source, null, List.of(), List.of());
    }

    public static S3EndpointReport unknown(String why, String source) {
        return new S3EndpointReport(CheckStatus.UNKNOWN, "UNKNOWN: " + why, source, null, List.of(), List.of());
    }

    public static S3EndpointReport assess(String source, String policyText, EndpointFacts endpoint,
            List<RequiredAccess> accesses, Knowledge knowledge) {
        if (policyText.length() > MAX_POLICY_CHARS) { // counted as the Linter counts
            return tooLarge(source, "the policy is " + policyText.length() + " characters long");
        }
        PolicyParser.Result parsed = new PolicyParser().parse(policyText);
        List<Finding> findings = new ArrayList<>(parsed.findings());
        if (parsed.policy() != null) {
            findings.addAll(new Linter().lint(parsed.policy()));
        }
        if (endpoint != null && endpoint.region() == null) {
            findings.add(Finding.warning("", "endpoint " + endpoint.endpointId() + " is for " + endpoint.serviceName()
                    + ", not an S3 gateway endpoint (com.amazonaws.<region>.s3)"));
        }
        List<Finding> errors = findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            return new S3EndpointReport(CheckStatus.CRITICAL, "CRITICAL: the policy is invalid: " + errors.get(0)
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), source, endpoint, List.of(),
                    findings);
        }
        Evaluator evaluator = new Evaluator();
        List<Check> checks = new ArrayList<>();
        for (RequiredAccess a : accesses) {
            checks.add(new Check(a, evaluator.evaluate(parsed.policy(), context(a, endpoint, knowledge))));
        }
        return new S3EndpointReport(status(checks, findings), summary(checks, findings), source, endpoint, checks,
                findings);
    }

    /**
     * The request context of one access: aws:SourceIp absent (never there through an endpoint);
     * aws:SourceVpce/aws:SourceVpc from the endpoint; s3:ResourceAccount present with an unknown
     * value for AWS-owned buckets; the principal and its keys from --principal-arn, for --require
     * accesses only; then --context (keys about the principal or the bucket owner only for --require).
     */
    static RequestContext context(RequiredAccess a, EndpointFacts endpoint, Knowledge k) {
        Map<String, RequestContext.Value> keys = new HashMap<>();
        keys.put("aws:SourceIp", RequestContext.Value.ABSENT);
        if (endpoint != null) {
            keys.put("aws:SourceVpce", RequestContext.Value.of(endpoint.endpointId()));
            keys.put("aws:SourceVpc", RequestContext.Value.of(endpoint.vpcId()));
        }
        keys.put("s3:ResourceAccount", RequestContext.Value.PRESENT);
        String principal = a.awsOwned() ? null : k.principalArn();
        if (principal != null) {
            String[] p = principal.split(":", 6);
            keys.put("aws:PrincipalArn", RequestContext.Value.of(Evaluator.roleOfSession(principal)));
            if (p.length == 6) {
                keys.put("aws:PrincipalAccount", RequestContext.Value.of(p[4]));
            }
            keys.put("aws:PrincipalIsAWSService", RequestContext.Value.of("false"));
        }
        k.context().forEach((key, values) -> {
            if (a.awsOwned() && (principalKey(key) || ownerKey(key))) {
                return;
            }
            keys.put(key, new RequestContext.Value(RequestContext.State.KNOWN, List.copyOf(values)));
        });
        return RequestContext.of(a.action(), a.resource(), principal, keys);
    }

    private static CheckStatus status(List<Check> checks, List<Finding> findings) {
        if (checks.stream().anyMatch(c -> c.verdict().decision() == Verdict.Decision.DENIED)) {
            return CheckStatus.CRITICAL;
        }
        if (checks.stream().anyMatch(c -> c.verdict().decision() == Verdict.Decision.UNKNOWN) || !findings.isEmpty()) {
            return CheckStatus.WARNING;
        }
        return CheckStatus.OK;
    }

    private static String summary(List<Check> checks, List<Finding> findings) {
        int n = checks.size();
        List<Check> denied = checks.stream().filter(c -> c.verdict().decision() == Verdict.Decision.DENIED).toList();
        List<Check> unknown = checks.stream().filter(c -> c.verdict().decision() == Verdict.Decision.UNKNOWN).toList();
        List<String> parts = new ArrayList<>();
        if (!denied.isEmpty()) {
            parts.add(denied.size() + " of " + n + " required accesses DENIED: " + names(denied));
        }
        if (!unknown.isEmpty()) {
            Set<String> keys = new LinkedHashSet<>();
            unknown.forEach(c -> keys.add(c.verdict().key()));
            parts.add(unknown.size() + " of " + n + " UNKNOWN (depend on " + String.join(", ", keys) + "): "
                    + names(unknown));
        }
        if (!findings.isEmpty()) {
            parts.add(findings.size() + " lint warning" + (findings.size() == 1 ? "" : "s") + " (" + findings.get(0)
                    .message() + (findings.size() > 1 ? "; ..." : "") + ")");
        }
        CheckStatus s = status(checks, findings);
        if (s == CheckStatus.OK) {
            return "OK: all " + n + " required accesses allowed";
        }
        if (denied.isEmpty() && unknown.isEmpty()) {
            parts.add(0, "all " + n + " required accesses allowed");
        }
        return s + ": " + String.join("; ", parts);
    }

    /** {@code yum (Amazon Linux 2) on amazonlinux-2-repos-ap-northeast-1, ...}: three, then a count. */
    private static String names(List<Check> checks) {
        List<String> out = new ArrayList<>();
        for (Check c : checks.subList(0, Math.min(3, checks.size()))) {
            out.add(c.access().purpose() + " on " + c.access().bucket());
        }
        return String.join(", ", out) + (checks.size() > 3 ? " and " + (checks.size() - 3) + " more" : "");
    }

    @Override
    public List<String> textLines() {
        List<String> lines = new ArrayList<>();
        lines.add(summary);
        if (source != null) {
            lines.add("Policy: " + source);
        }
        if (endpoint != null) {
            lines.add("Behind it: " + endpoint.routeTableIds().size() + " route table(s), " + endpoint.subnets().size()
                    + " subnet(s), " + endpoint.enis() + " ENI(s), " + endpoint.instances() + " instance(s)");
            for (EndpointFacts.SubnetEnis s : endpoint.subnets()) {
                lines.add(String.format("  %-26s %-24s %4d ENIs %4d instances", s.subnetId(), s.routeTableId(), s.enis(),
                        s.instances()));
            }
        }
        if (!checks.isEmpty()) {
            lines.add(String.format("%-8s %-16s %-13s %-58s %s", "VERDICT", "SET", "ACTION", "RESOURCE", "WHY"));
            for (Check c : checks) {
                lines.add(String.format("%-8s %-16s %-13s %-58s %s", c.verdict().decision(), c.access().set(),
                        c.access().action(), c.access().resource(), c.verdict().reason()));
            }
        }
        if (!findings.isEmpty()) {
            lines.add("Findings:");
            findings.forEach(f -> lines.add("  " + f));
        }
        // every line one line: a Sid, key or resource from the policy cannot start another or act on the terminal
        return lines.stream().map(SafeText::line).toList();
    }

    /**
     * {@code {"status","summary","checks":[{"action","resource","verdict","statement"}],
     * "findings":[{"severity","message","location"}]}}, plus per check its set, purpose, the
     * unknown key and the reason, and the endpoint with its subnets.
     */
    @Override
    public ObjectNode json(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("status", status.name());
        o.put("summary", summary);
        o.put("source", source);
        ArrayNode cs = o.putArray("checks");
        for (Check c : checks) {
            cs.addObject().put("set", c.access().set()).put("purpose", c.access().purpose())
                    .put("action", c.access().action()).put("resource", c.access().resource())
                    .put("verdict", c.verdict().decision().name()).put("statement", c.verdict().statement())
                    .put("key", c.verdict().key()).put("reason", c.verdict().reason());
        }
        ArrayNode fs = o.putArray("findings");
        for (Finding f : findings) {
            fs.addObject().put("severity", f.severity().name()).put("message", f.message()).put("location", f.location());
        }
        if (endpoint != null) {
            ObjectNode e = o.putObject("endpoint");
            e.put("vpcEndpointId", endpoint.endpointId()).put("vpcId", endpoint.vpcId())
                    .put("serviceName", endpoint.serviceName()).put("enis", endpoint.enis())
                    .put("instances", endpoint.instances());
            endpoint.routeTableIds().forEach(e.putArray("routeTableIds")::add);
            ArrayNode subnets = e.putArray("subnets");
            endpoint.subnets().forEach(s -> subnets.addObject().put("subnetId", s.subnetId())
                    .put("routeTableId", s.routeTableId()).put("enis", s.enis()).put("instances", s.instances()));
        }
        return o;
    }
}
