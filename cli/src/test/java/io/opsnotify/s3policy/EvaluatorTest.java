package io.opsnotify.s3policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each grammar element and condition operator, one behaviour per test. */
class EvaluatorTest {
    static final String OBJECT = "arn:aws:s3:::shop-app-assets/img/logo.png";
    static final String EVERY_OBJECT = "arn:aws:s3:::shop-app-assets/*";
    static final String ROLE = "arn:aws:iam::111122223333:role/shop-app";

    final Evaluator evaluator = new Evaluator();

    static Policy policy(String... statements) {
        PolicyParser.Result r = new PolicyParser().parse("{\"Version\":\"2012-10-17\",\"Statement\":["
                + String.join(",", statements) + "]}");
        assertThat(r.findings()).as("test policy must parse").isEmpty();
        return r.policy();
    }

    static String allow(String rest) {
        return "{\"Effect\":\"Allow\",\"Principal\":\"*\"," + rest + "}";
    }

    static String allowWhen(String condition) {
        return allow("\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":" + condition);
    }

    static RequestContext request(String action, String resource, Map<String, RequestContext.Value> keys) {
        return RequestContext.of(action, resource, null, keys);
    }

    Verdict.Decision decide(Policy p, String action, String resource) {
        return evaluator.evaluate(p, request(action, resource, Map.of())).decision();
    }

    Verdict when(String condition, Map<String, RequestContext.Value> keys) {
        return evaluator.evaluate(policy(allowWhen(condition)), request("s3:GetObject", OBJECT, keys));
    }

    static Map<String, RequestContext.Value> key(String k, RequestContext.Value v) {
        Map<String, RequestContext.Value> m = new HashMap<>();
        m.put(k, v);
        return m;
    }

    // ---- Action / NotAction ---------------------------------------------------------------------

    @Test
    void action_shouldMatchCaseInsensitivelyWithWildcards() {
        Policy p = policy(allow("\"Action\":[\"S3:get*\"],\"Resource\":\"*\""));

        assertThat(decide(p, "s3:GetObject", OBJECT)).isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(decide(p, "s3:PutObject", OBJECT)).isEqualTo(Verdict.Decision.DENIED);
    }

    @Test
    void action_shouldMatchOneCharacterForQuestionMark() {
        Policy p = policy(allow("\"Action\":\"s3:GetObjec?\",\"Resource\":\"*\""));

        assertThat(decide(p, "s3:GetObject", OBJECT)).isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(decide(p, "s3:GetObjectAcl", OBJECT)).isEqualTo(Verdict.Decision.DENIED);
    }

    @Test
    void notAction_shouldApplyToEveryOtherAction() {
        Policy p = policy(allow("\"NotAction\":\"s3:Delete*\",\"Resource\":\"*\""));

        assertThat(decide(p, "s3:GetObject", OBJECT)).isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(decide(p, "s3:DeleteObject", OBJECT)).isEqualTo(Verdict.Decision.DENIED);
    }

    // ---- Resource / NotResource -----------------------------------------------------------------

    @Test
    void resource_shouldBeCaseSensitive() {
        Policy p = policy(allow("\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::Shop-App-Assets/*\""));

        assertThat(decide(p, "s3:GetObject", OBJECT)).isEqualTo(Verdict.Decision.DENIED);
    }

    @Test
    void resource_shouldLetStarSpanSlashes() {
        Policy p = policy(allow("\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::shop-*\""));

        assertThat(decide(p, "s3:GetObject", OBJECT)).isEqualTo(Verdict.Decision.ALLOWED);
    }

    @Test
    void resource_shouldNotCoverEveryObject_whenAnAllowNamesOnlyAPrefix() {
        Policy p = policy(allow("\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::shop-app-assets/img/*\""));

        assertThat(decide(p, "s3:GetObject", OBJECT)).isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(decide(p, "s3:GetObject", EVERY_OBJECT)).isEqualTo(Verdict.Decision.DENIED);
    }

    @Test
    void resource_shouldCountADenyOfSomeObjects_againstEveryObject() {
        Policy p = policy(allow("\"Action\":\"s3:*\",\"Resource\":\"*\""),
                "{\"Sid\":\"NoSecrets\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\","
                        + "\"Resource\":\"arn:aws:s3:::shop-app-assets/secret/*\"}");

        assertThat(decide(p, "s3:GetObject", OBJECT)).isEqualTo(Verdict.Decision.ALLOWED);
        Verdict v = evaluator.evaluate(p, request("s3:GetObject", EVERY_OBJECT, Map.of()));
        assertThat(v.decision()).isEqualTo(Verdict.Decision.DENIED);
        assertThat(v.statement()).isEqualTo("NoSecrets");
    }

    @Test
    void notResource_shouldApplyToEveryOtherResource() {
        Policy p = policy(allow("\"Action\":\"s3:*\",\"NotResource\":\"arn:aws:s3:::private-*\""));

        assertThat(decide(p, "s3:GetObject", OBJECT)).isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(decide(p, "s3:GetObject", "arn:aws:s3:::private-data/x")).isEqualTo(Verdict.Decision.DENIED);
    }

    // ---- Effect ---------------------------------------------------------------------------------

    @Test
    void explicitDeny_shouldWinOverAnAllow_andBeNamedBySidOrIndex() {
        Policy p = policy(allow("\"Action\":\"s3:*\",\"Resource\":\"*\""),
                "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}");

        Verdict v = evaluator.evaluate(p, request("s3:GetObject", OBJECT, Map.of()));

        assertThat(v.decision()).isEqualTo(Verdict.Decision.DENIED);
        assertThat(v.statement()).isEqualTo("Statement[1]");
    }

    @Test
    void noAllow_shouldBeAnImplicitDeny_namingNoStatement() {
        Verdict v = evaluator.evaluate(policy(allow("\"Action\":\"s3:PutObject\",\"Resource\":\"*\"")),
                request("s3:GetObject", OBJECT, Map.of()));

        assertThat(v.decision()).isEqualTo(Verdict.Decision.DENIED);
        assertThat(v.statement()).isNull();
        assertThat(v.reason()).isEqualTo("no statement allows it");
    }

    @Test
    void unknownDeny_shouldMakeAnAllowUnknown_butNotAnImplicitDeny() {
        String deny = "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}}";
        Policy allowed = policy(allow("\"Action\":\"s3:*\",\"Resource\":\"*\""), deny);
        Policy notAllowed = policy(allow("\"Action\":\"s3:PutObject\",\"Resource\":\"*\""), deny);

        Verdict v = evaluator.evaluate(allowed, request("s3:GetObject", OBJECT, Map.of()));

        assertThat(v.decision()).isEqualTo(Verdict.Decision.UNKNOWN);
        assertThat(v.key()).isEqualTo("aws:PrincipalOrgID");
        assertThat(decide(notAllowed, "s3:GetObject", OBJECT)).isEqualTo(Verdict.Decision.DENIED);
    }

    // ---- Principal ------------------------------------------------------------------------------

    @Test
    void principal_shouldMatchAnyone_forStarAndAwsStar() {
        Policy p = policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}");

        assertThat(decide(p, "s3:GetObject", OBJECT)).isEqualTo(Verdict.Decision.ALLOWED);
    }

    @Test
    void principal_shouldBeUnknown_whenNotStarAndTheCallerIsNotGiven() {
        Policy p = policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROLE + "\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}");

        Verdict v = evaluator.evaluate(p, request("s3:GetObject", OBJECT, Map.of()));

        assertThat(v.decision()).isEqualTo(Verdict.Decision.UNKNOWN);
        assertThat(v.key()).isEqualTo("Principal");
    }

    @Test
    void principal_shouldMatchARoleAndItsSessions_butAnAccountIdOnlyItsRoot() {
        Policy byRole = policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + ROLE + "\"]},\"Action\":\"s3:*\",\"Resource\":\"*\"}");
        Policy byAccount = policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}");
        String session = "arn:aws:sts::111122223333:assumed-role/shop-app/i-0123456789abcdef0";

        assertThat(evaluator.evaluate(byRole, RequestContext.of("s3:GetObject", OBJECT, session, Map.of())).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(evaluator.evaluate(byAccount, RequestContext.of("s3:GetObject", OBJECT, ROLE, Map.of())).decision())
                .isEqualTo(Verdict.Decision.DENIED);
        assertThat(evaluator.evaluate(byAccount, RequestContext.of("s3:GetObject", OBJECT,
                "arn:aws:iam::111122223333:root", Map.of())).decision()).isEqualTo(Verdict.Decision.ALLOWED);
    }

    @Test
    void notPrincipal_shouldApplyToEveryoneElse() {
        Policy p = policy(allow("\"Action\":\"s3:*\",\"Resource\":\"*\""),
                "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"" + ROLE + "\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}");

        assertThat(evaluator.evaluate(p, RequestContext.of("s3:GetObject", OBJECT, ROLE, Map.of())).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(evaluator.evaluate(p, RequestContext.of("s3:GetObject", OBJECT,
                "arn:aws:iam::111122223333:role/other", Map.of())).decision()).isEqualTo(Verdict.Decision.DENIED);
    }

    // ---- Condition operators --------------------------------------------------------------------

    @Test
    void stringEquals_shouldCompareExactly_andAnyListedValueMatches() {
        String c = "{\"StringEquals\":{\"aws:SourceVpce\":[\"vpce-1\",\"vpce-2\"]}}";

        assertThat(when(c, key("aws:SourceVpce", RequestContext.Value.of("vpce-2"))).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(when(c, key("aws:SourceVpce", RequestContext.Value.of("VPCE-2"))).decision())
                .isEqualTo(Verdict.Decision.DENIED);
    }

    @Test
    void conditionKeys_shouldCompareCaseInsensitively() {
        String c = "{\"StringEquals\":{\"AWS:SOURCEVPCE\":\"vpce-1\"}}";

        assertThat(when(c, key("aws:SourceVpce", RequestContext.Value.of("vpce-1"))).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
    }

    @Test
    void stringEqualsIgnoreCase_shouldFoldCase() {
        assertThat(when("{\"StringEqualsIgnoreCase\":{\"aws:SourceVpce\":\"VPCE-1\"}}",
                key("aws:SourceVpce", RequestContext.Value.of("vpce-1"))).decision()).isEqualTo(Verdict.Decision.ALLOWED);
    }

    @Test
    void stringLike_shouldUseWildcards_andStringNotLikeTheOpposite() {
        Map<String, RequestContext.Value> k = key("aws:PrincipalArn", RequestContext.Value.of(ROLE));

        assertThat(when("{\"StringLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/shop-*\"}}", k).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(when("{\"StringNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/shop-*\"}}", k).decision())
                .isEqualTo(Verdict.Decision.DENIED);
    }

    @Test
    void arnLike_shouldMatchComponentByComponent() {
        Map<String, RequestContext.Value> k = key("aws:PrincipalArn", RequestContext.Value.of(ROLE));

        assertThat(when("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:role/*\"}}", k).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(when("{\"ArnEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::*\"}}", k).decision())
                .as("a pattern with fewer than six components matches no ARN").isEqualTo(Verdict.Decision.DENIED);
        assertThat(when("{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::999999999999:*\"}}", k).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
    }

    @Test
    void bool_shouldCompareTrueAndFalse() {
        Map<String, RequestContext.Value> k = key("aws:PrincipalIsAWSService", RequestContext.Value.of("false"));

        assertThat(when("{\"Bool\":{\"aws:PrincipalIsAWSService\":\"false\"}}", k).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(when("{\"Bool\":{\"aws:PrincipalIsAWSService\":true}}", k).decision())
                .isEqualTo(Verdict.Decision.DENIED);
    }

    @Test
    void numericAndDate_shouldCompareAsNumbersAndInstants() {
        assertThat(when("{\"NumericLessThan\":{\"s3:max-keys\":\"100\"}}", key("s3:max-keys", RequestContext.Value.of("20")))
                .decision()).as("20 < 100 as numbers, not strings").isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(when("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2026-01-01T00:00:00Z\"}}",
                key("aws:CurrentTime", RequestContext.Value.of("2026-11-30T11:00:00Z"))).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
    }

    @Test
    void negatedOperators_shouldHoldWhenNoValueMatches_inEveryFamily() {
        Map<String, RequestContext.Value> twenty = key("s3:max-keys", RequestContext.Value.of("20"));
        Map<String, RequestContext.Value> vpce = key("aws:SourceVpce", RequestContext.Value.of("vpce-1"));
        Map<String, RequestContext.Value> now = key("aws:CurrentTime", RequestContext.Value.of("2026-11-30T11:00:00Z"));

        assertThat(when("{\"NumericNotEquals\":{\"s3:max-keys\":\"100\"}}", twenty).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(when("{\"NumericNotEquals\":{\"s3:max-keys\":\"20.0\"}}", twenty).decision())
                .as("compared as numbers").isEqualTo(Verdict.Decision.DENIED);
        assertThat(when("{\"StringNotEqualsIgnoreCase\":{\"aws:SourceVpce\":\"VPCE-1\"}}", vpce).decision())
                .isEqualTo(Verdict.Decision.DENIED);
        assertThat(when("{\"StringNotEquals\":{\"aws:SourceVpce\":\"VPCE-1\"}}", vpce).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(when("{\"DateNotEquals\":{\"aws:CurrentTime\":\"2026-11-30T11:00:00Z\"}}", now).decision())
                .isEqualTo(Verdict.Decision.DENIED);
        assertThat(when("{\"ArnNotEquals\":{\"aws:SourceVpce\":\"arn:aws:iam::111122223333:role/x\"}}",
                key("aws:SourceVpce", RequestContext.Value.of(ROLE))).decision()).isEqualTo(Verdict.Decision.ALLOWED);
    }

    @Test
    void numericAndDateComparisons_shouldIncludeTheBoundaryOnlyForTheEqualsForms() {
        Map<String, RequestContext.Value> hundred = key("s3:max-keys", RequestContext.Value.of("100"));

        assertThat(when("{\"NumericGreaterThanEquals\":{\"s3:max-keys\":\"100\"}}", hundred).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(when("{\"NumericGreaterThan\":{\"s3:max-keys\":\"100\"}}", hundred).decision())
                .isEqualTo(Verdict.Decision.DENIED);
        assertThat(when("{\"NumericLessThanEquals\":{\"s3:max-keys\":\"100\"}}", hundred).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(when("{\"DateLessThan\":{\"aws:CurrentTime\":\"2026-01-01T00:00:00Z\"}}",
                key("aws:CurrentTime", RequestContext.Value.of("2026-01-01T00:00:00Z"))).decision())
                .isEqualTo(Verdict.Decision.DENIED);
    }

    @Test
    void ipAddressAndBinary_shouldBeUnknown_evenForAKnownValue() {
        Verdict ip = when("{\"NotIpAddress\":{\"aws:VpcSourceIp\":\"10.0.0.0/8\"}}",
                key("aws:VpcSourceIp", RequestContext.Value.of("10.0.1.5")));
        Verdict binary = when("{\"BinaryEquals\":{\"s3:x-amz-content\":\"QmluYXJ5\"}}",
                key("s3:x-amz-content", RequestContext.Value.of("QmluYXJ5")));

        assertThat(ip.decision()).isEqualTo(Verdict.Decision.UNKNOWN);
        assertThat(ip.key()).isEqualTo("aws:VpcSourceIp (NotIpAddress is not evaluated)");
        assertThat(binary.key()).isEqualTo("s3:x-amz-content (BinaryEquals is not evaluated)");
    }

    @Test
    void unknownOperator_shouldBeUnknownNamingIt_whenEvaluatedDespiteTheParserError() {
        PolicyParser.Result r = new PolicyParser().parse("{\"Statement\":[" + allowWhen(
                "{\"StringEqualz\":{\"aws:SourceVpce\":\"vpce-1\"}}") + "]}");

        Verdict v = evaluator.evaluate(r.policy(), request("s3:GetObject", OBJECT,
                key("aws:SourceVpce", RequestContext.Value.of("vpce-1"))));

        assertThat(r.valid()).isFalse();
        assertThat(v.decision()).isEqualTo(Verdict.Decision.UNKNOWN);
        assertThat(v.key()).isEqualTo("aws:SourceVpce (operator StringEqualz)");
    }

    @Test
    void absentKey_shouldFailPositiveOperators_andSatisfyNegatedOnes() {
        Map<String, RequestContext.Value> absent = key("aws:SourceIp", RequestContext.Value.ABSENT);

        assertThat(when("{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", absent).decision())
                .isEqualTo(Verdict.Decision.DENIED);
        assertThat(when("{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", absent).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
    }

    @Test
    void ifExists_shouldHold_whenTheKeyIsAbsent_andStillBeUnknownWhenUndetermined() {
        String c = "{\"StringEqualsIfExists\":{\"aws:SourceVpce\":\"vpce-1\"}}";

        assertThat(when(c, key("aws:SourceVpce", RequestContext.Value.ABSENT)).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(when(c, key("aws:SourceVpce", RequestContext.Value.of("vpce-9"))).decision())
                .isEqualTo(Verdict.Decision.DENIED);
        assertThat(when(c, Map.of()).decision()).isEqualTo(Verdict.Decision.UNKNOWN);
    }

    @Test
    void nullOperator_shouldTestPresence_andBeUnknownWhenUndetermined() {
        assertThat(when("{\"Null\":{\"aws:SourceIp\":\"true\"}}", key("aws:SourceIp", RequestContext.Value.ABSENT))
                .decision()).isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(when("{\"Null\":{\"s3:ResourceAccount\":\"false\"}}",
                key("s3:ResourceAccount", RequestContext.Value.PRESENT)).decision()).isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(when("{\"Null\":{\"aws:PrincipalOrgID\":\"true\"}}", Map.of()).key()).isEqualTo("aws:PrincipalOrgID");
    }

    @Test
    void undeterminedKey_shouldBeUnknownNamingTheKey() {
        Verdict v = when("{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}", Map.of());

        assertThat(v.decision()).isEqualTo(Verdict.Decision.UNKNOWN);
        assertThat(v.key()).isEqualTo("aws:PrincipalOrgID");
        assertThat(v.statement()).isEqualTo("Statement[0]");
    }

    @Test
    void presentKeyWithUnknownValue_shouldBeDecidedOnlyByAMatchAnythingPattern() {
        Map<String, RequestContext.Value> present = key("s3:ResourceAccount", RequestContext.Value.PRESENT);

        assertThat(when("{\"StringLike\":{\"s3:ResourceAccount\":\"*\"}}", present).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(when("{\"StringEquals\":{\"s3:ResourceAccount\":\"111122223333\"}}", present).key())
                .isEqualTo("s3:ResourceAccount");
    }

    @Test
    void forAnyValue_shouldNeedOneMatchingValue_andFailWhenAbsent() {
        String c = "{\"ForAnyValue:StringEquals\":{\"aws:PrincipalOrgPaths\":\"o-a/r-b/ou-c/\"}}";

        assertThat(when(c, key("aws:PrincipalOrgPaths", RequestContext.Value.of("o-x/", "o-a/r-b/ou-c/"))).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(when(c, key("aws:PrincipalOrgPaths", RequestContext.Value.ABSENT)).decision())
                .isEqualTo(Verdict.Decision.DENIED);
    }

    @Test
    void forAllValues_shouldNeedEveryValueToMatch_andHoldWhenAbsent() {
        String c = "{\"ForAllValues:StringLike\":{\"aws:TagKeys\":[\"team\",\"env\"]}}";

        assertThat(when(c, key("aws:TagKeys", RequestContext.Value.of("team", "cost"))).decision())
                .isEqualTo(Verdict.Decision.DENIED);
        assertThat(when(c, key("aws:TagKeys", RequestContext.Value.of("team", "env"))).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(when(c, key("aws:TagKeys", RequestContext.Value.ABSENT)).decision())
                .isEqualTo(Verdict.Decision.ALLOWED);
    }

    @Test
    void conditions_shouldAllHold_andAFalseOneBeatsAnUnknownOne() {
        String c = "{\"StringEquals\":{\"aws:SourceVpce\":\"vpce-1\",\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}";

        assertThat(when(c, key("aws:SourceVpce", RequestContext.Value.of("vpce-9"))).decision())
                .as("false AND unknown is false: no Allow applies").isEqualTo(Verdict.Decision.DENIED);
        assertThat(when(c, key("aws:SourceVpce", RequestContext.Value.of("vpce-1"))).decision())
                .isEqualTo(Verdict.Decision.UNKNOWN);
    }

    @Test
    void policyVariable_shouldBeUnknown() {
        Verdict v = when("{\"StringEquals\":{\"aws:PrincipalTag/team\":\"${aws:username}\"}}", Map.of());

        assertThat(v.decision()).isEqualTo(Verdict.Decision.UNKNOWN);
        assertThat(v.key()).contains("${aws:username}");
    }

    @Test
    void statementObject_shouldWorkWithoutAList() {
        Policy p = new PolicyParser().parse("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}").policy();

        assertThat(decide(p, "s3:GetObject", List.of(OBJECT).get(0))).isEqualTo(Verdict.Decision.ALLOWED);
    }
}
