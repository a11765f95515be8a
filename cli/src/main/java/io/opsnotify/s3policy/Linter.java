package io.opsnotify.s3policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What is wrong with an endpoint policy beyond its grammar (that is {@link PolicyParser}'s):
 * too long, no Principal, an account id as principal, aws:SourceIp, statements that can never
 * match a request through an S3 endpoint, S3 actions that do not exist, and the endpoint-policy
 * limits on wildcards in conditions (AWS PrivateLink guide, "Considerations").
 */
public final class Linter {
    /** The endpoint policy quota, in characters. */
    public static final int MAX_LENGTH = 20_480;

    /**
     * S3 actions (from the Service Authorization Reference, Amazon S3), to catch typos; an
     * action named here as {@code s3:Xyz} that matches none of them is a WARNING, not an error,
     * since AWS adds actions over time.
     */
    static final List<String> S3_ACTIONS = List.of("AbortMultipartUpload", "BypassGovernanceRetention",
            "CreateAccessPoint", "CreateBucket", "CreateJob", "CreateSession", "DeleteAccessPoint",
            "DeleteAccessPointPolicy", "DeleteBucket", "DeleteBucketOwnershipControls", "DeleteBucketPolicy",
            "DeleteBucketWebsite", "DeleteJobTagging", "DeleteObject", "DeleteObjectTagging", "DeleteObjectVersion",
            "DeleteObjectVersionTagging", "DescribeJob", "GetAccelerateConfiguration", "GetAccessPoint",
            "GetAccessPointPolicy", "GetAccountPublicAccessBlock", "GetAnalyticsConfiguration", "GetBucketAcl",
            "GetBucketCORS", "GetBucketLocation", "GetBucketLogging", "GetBucketNotification",
            "GetBucketObjectLockConfiguration", "GetBucketOwnershipControls", "GetBucketPolicy",
            "GetBucketPolicyStatus", "GetBucketPublicAccessBlock", "GetBucketRequestPayment", "GetBucketTagging",
            "GetBucketVersioning", "GetBucketWebsite", "GetEncryptionConfiguration",
            "GetIntelligentTieringConfiguration", "GetInventoryConfiguration", "GetJobTagging",
            "GetLifecycleConfiguration", "GetMetricsConfiguration", "GetObject", "GetObjectAcl", "GetObjectAttributes",
            "GetObjectLegalHold", "GetObjectRetention", "GetObjectTagging", "GetObjectTorrent", "GetObjectVersion",
            "GetObjectVersionAcl", "GetObjectVersionAttributes", "GetObjectVersionForReplication",
            "GetObjectVersionTagging", "GetObjectVersionTorrent", "GetReplicationConfiguration",
            "InitiateReplication", "ListAccessPoints", "ListAllMyBuckets", "ListBucket", "ListBucketMultipartUploads",
            "ListBucketVersions", "ListJobs", "ListMultipartUploadParts", "ObjectOwnerOverrideToBucketOwner",
            "PutAccelerateConfiguration", "PutAccessPointPolicy", "PutAccountPublicAccessBlock",
            "PutAnalyticsConfiguration", "PutBucketAcl", "PutBucketCORS", "PutBucketLogging",
            "PutBucketNotification", "PutBucketObjectLockConfiguration", "PutBucketOwnershipControls",
            "PutBucketPolicy", "PutBucketPublicAccessBlock", "PutBucketRequestPayment", "PutBucketTagging",
            "PutBucketVersioning", "PutBucketWebsite", "PutEncryptionConfiguration",
            "PutIntelligentTieringConfiguration", "PutInventoryConfiguration", "PutJobTagging",
            "PutLifecycleConfiguration", "PutMetricsConfiguration", "PutObject", "PutObjectAcl", "PutObjectLegalHold",
            "PutObjectRetention", "PutObjectTagging", "PutObjectVersionAcl", "PutObjectVersionTagging",
            "PutReplicationConfiguration", "ReplicateDelete", "ReplicateObject", "ReplicateTags", "RestoreObject",
            "UpdateJobPriority", "UpdateJobStatus");

    /** Condition keys never present in a request through a gateway endpoint. */
    static final Set<String> ABSENT_THROUGH_ENDPOINT = Set.of("aws:sourceip");

    public List<Finding> lint(Policy policy) {
        List<Finding> out = new ArrayList<>();
        if (policy.length() > MAX_LENGTH) {
            out.add(Finding.error("", "the policy has " + policy.length() + " characters; an endpoint policy may have at most "
                    + MAX_LENGTH));
        }
        for (Policy.Statement s : policy.statements()) {
            lintStatement(s, out);
        }
        return out;
    }

    private void lintStatement(Policy.Statement s, List<Finding> out) {
        String loc = s.location();
        if (s.principal() == null) {
            out.add(Finding.error(loc, "no Principal: an endpoint policy needs one (\"*\", limited with conditions such "
                    + "as aws:PrincipalOrgID)"));
        } else {
            String el = loc + (s.notPrincipal() ? ".NotPrincipal" : ".Principal") + ".AWS";
            for (String v : s.principal().values().getOrDefault("AWS", List.of())) {
                String account = v.matches("\\d{12}") ? v
                        : v.matches("arn:aws[a-z-]*:iam::\\d{12}:root") ? v.split(":")[4] : null;
                if (account != null) {
                    out.add(Finding.warning(el, "\"" + v + "\" means only the root user of account " + account
                            + " through a gateway endpoint, not its users and roles; for every principal of the "
                            + "account use \"*\" with aws:PrincipalAccount or aws:PrincipalArn"));
                }
            }
        }
        for (Policy.Condition c : s.conditions()) {
            if (ABSENT_THROUGH_ENDPOINT.contains(c.key().toLowerCase(Locale.ROOT))) {
                out.add(Finding.warning(c.location(), "aws:SourceIp is never in a request through a VPC endpoint: "
                        + c.operator() + " on it " + (c.operator().ifExists() || c.operator().negated()
                        ? "always holds" : "never holds") + "; use aws:SourceVpc, aws:SourceVpce or aws:VpcSourceIp"));
            }
        }
        for (Policy.Condition c : s.conditions()) {
            boolean wildcard = c.values().stream().anyMatch(v -> v.contains("*") || v.contains("?"));
            if (SYSTEM_ID_KEYS.contains(c.key().toLowerCase(Locale.ROOT))
                    && (wildcard && c.operator().like() || c.operator().is(ConditionOperator.Family.NUMERIC))) {
                out.add(Finding.warning(c.location(), "endpoint policies cannot use wildcards or numeric operators with "
                        + c.key() + " (a system-generated identifier); list the exact values"));
            } else if (c.operator().is(ConditionOperator.Family.STRING) && c.operator().like()) {
                for (String v : c.values()) {
                    if (!sixCharactersAroundEachWildcard(v)) {
                        out.add(Finding.warning(c.location(), "\"" + v + "\": in an endpoint policy each wildcard in a "
                                + "string condition needs at least six consecutive characters before or after it"));
                    }
                }
            }
        }
        String never = neverMatches(s);
        if (never != null) {
            out.add(Finding.warning(loc, s.label() + " can never match a request through an S3 endpoint: " + never));
        }
        String actionsLoc = loc + (s.notAction() ? ".NotAction" : ".Action");
        for (String a : s.actions()) {
            String lower = a.toLowerCase(Locale.ROOT);
            if (lower.startsWith("s3:") && !a.equals("s3:*")) {
                String name = a.substring(3);
                if (S3_ACTIONS.stream().noneMatch(known -> Glob.matches(name, known, true))) {
                    out.add(Finding.warning(actionsLoc, "\"" + a + "\"" + (name.contains("*") || name.contains("?")
                            ? " matches no S3 action" : " is not an S3 action") + " (typo?)"));
                }
            }
        }
    }

    /** Documented as not taking wildcards or numeric operators in endpoint policies (AWS PrivateLink guide). */
    static final Set<String> SYSTEM_ID_KEYS = Set.of("aws:principalaccount", "aws:sourcevpc");

    static boolean sixCharactersAroundEachWildcard(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '*' || c == '?') {
                if (literalRun(v, i - 1, -1) < 6 && literalRun(v, i + 1, 1) < 6) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int literalRun(String v, int from, int step) {
        int n = 0;
        for (int i = from; i >= 0 && i < v.length() && v.charAt(i) != '*' && v.charAt(i) != '?'; i += step) {
            n++;
        }
        return n;
    }

    private static String neverMatches(Policy.Statement s) {
        boolean anyS3Action = s.actions().stream().anyMatch(a -> Glob.overlapsPrefix(a.toLowerCase(Locale.ROOT), "s3:"));
        boolean allS3Actions = s.actions().stream().anyMatch(a -> Glob.coversPrefix(a.toLowerCase(Locale.ROOT), "s3:"));
        if (!s.notAction() && !anyS3Action && !s.actions().isEmpty()) {
            return "no S3 action in Action " + s.actions();
        }
        if (s.notAction() && allS3Actions) {
            return "NotAction " + s.actions() + " excludes every S3 action";
        }
        String s3 = "arn:aws:s3:::";
        boolean anyS3 = s.resources().stream().anyMatch(r -> Glob.overlapsPrefix(r, s3));
        boolean allS3 = s.resources().stream().anyMatch(r -> Glob.coversPrefix(r, s3));
        if (!s.notResource() && !anyS3 && !s.resources().isEmpty()) {
            return "no S3 resource in Resource " + s.resources();
        }
        if (s.notResource() && allS3) {
            return "NotResource " + s.resources() + " excludes every S3 resource";
        }
        if (s.principal() != null && s.notPrincipal() && s.principal().anyone()) {
            return "NotPrincipal \"*\" excludes everyone";
        }
        for (Policy.Condition c : s.conditions()) {
            boolean absent = ABSENT_THROUGH_ENDPOINT.contains(c.key().toLowerCase(Locale.ROOT));
            Policy.Operator op = c.operator();
            if (absent && !op.ifExists() && !op.negated() && op.qualifier() != Policy.SetQualifier.FOR_ALL_VALUES
                    && !op.is(ConditionOperator.Family.NULL)) {
                return c.operator() + " on " + c.key() + ", which is never in the request";
            }
        }
        return null;
    }

}
