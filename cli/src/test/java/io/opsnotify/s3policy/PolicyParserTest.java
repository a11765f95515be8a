package io.opsnotify.s3policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyParserTest {
    final PolicyParser parser = new PolicyParser();

    List<String> errors(String json) {
        return parser.parse(json).findings().stream().map(f -> f.location() + ": " + f.message()).toList();
    }

    @Test
    void parse_shouldReadStringOrListFieldsAndConditionQualifiers() {
        PolicyParser.Result r = parser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"A\",\"Effect\":\"Deny\","
                + "\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:root\"]},\"NotAction\":\"s3:Get*\","
                + "\"Resource\":[\"a\",\"b\"],\"Condition\":{\"ForAllValues:StringLikeIfExists\":{\"aws:TagKeys\":[\"x\",1]}}}]}");

        assertThat(r.valid()).isTrue();
        Policy.Statement s = r.policy().statements().get(0);
        assertThat(s.label()).isEqualTo("A");
        assertThat(s.effect()).isEqualTo(Policy.Effect.Deny);
        assertThat(s.notAction()).isTrue();
        assertThat(s.actions()).containsExactly("s3:Get*");
        assertThat(s.resources()).containsExactly("a", "b");
        Policy.Condition c = s.conditions().get(0);
        assertThat(c.operator().name()).isEqualTo("ForAllValues:StringLikeIfExists");
        assertThat(c.operator().base()).isEqualTo(ConditionOperator.STRING_LIKE);
        assertThat(c.operator().qualifier()).isEqualTo(Policy.SetQualifier.FOR_ALL_VALUES);
        assertThat(c.operator().ifExists()).isTrue();
        assertThat(c.values()).containsExactly("x", "1");
        assertThat(c.location()).isEqualTo("Statement[0].Condition.ForAllValues:StringLikeIfExists.aws:TagKeys");
    }

    @Test
    void parse_shouldGiveLineAndColumn_whenTheJsonIsInvalid() {
        assertThat(errors("{\n  \"Statement\": [\n    {\"Effect\": \"Allow\" \"Action\": \"s3:*\"}\n  ]\n}"))
                .singleElement().asString().startsWith("line 3, column 24: not valid JSON");
    }

    @Test
    void parse_shouldNameEachGrammarErrorWithItsLocation() {
        assertThat(errors("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Permit\",\"Principal\":\"111122223333\",\"Action\":\"s3:*\",\"NotAction\":\"s3:Put*\","
                + "\"Resource\":5,\"Condition\":{\"StringEqualsIgnoreCaseIfExist\":{\"k\":\"v\"}}}]}"))
                .containsExactlyInAnyOrder(
                        "Statement[1].Effect: Effect must be \"Allow\" or \"Deny\", not \"Permit\"",
                        "Statement[1].Principal: a Principal string can only be \"*\"; write {\"AWS\": \"111122223333\"}",
                        "Statement[1]: both Action and NotAction",
                        "Statement[1].Resource: must be a string or a list of strings, not 5",
                        "Statement[1].Condition.StringEqualsIgnoreCaseIfExist: unknown condition operator "
                                + "\"StringEqualsIgnoreCaseIfExist\"");
    }

    @Test
    void parse_shouldRejectDuplicateKeysAndUnknownElements() {
        assertThat(errors("{\"Statement\":{\"Effect\":\"Allow\",\"Effect\":\"Deny\"}}")).singleElement().asString()
                .contains("Duplicate field 'Effect'");
        assertThat(errors("{\"Version\":\"2012-10-17\",\"Statment\":[]}"))
                .contains("Statment: unknown policy element \"Statment\" (allowed: Version, Id, Statement)", "Statement: no Statement");
    }

    @Test
    void parse_shouldRejectANonObjectDocument() {
        assertThat(parser.parse("[]").valid()).isFalse();
        assertThat(parser.parse("[]").policy()).isNull();
    }

    @Test
    void operator_shouldReadQualifierOperatorAndIfExists_once() {
        Policy.Operator o = PolicyParser.operator("ForAnyValue:StringNotLikeIfExists");

        assertThat(o.base()).isEqualTo(ConditionOperator.STRING_NOT_LIKE);
        assertThat(o.qualifier()).isEqualTo(Policy.SetQualifier.FOR_ANY_VALUE);
        assertThat(o.ifExists()).isTrue();
        assertThat(o.negated()).isTrue();
        assertThat(o.like()).isTrue();
        assertThat(o.is(ConditionOperator.Family.STRING)).isTrue();
        assertThat(o.valid()).isTrue();
        assertThat(o).hasToString("ForAnyValue:StringNotLikeIfExists");
    }

    @Test
    void operator_shouldKnowEveryIamOperatorByItsName_withFamilyAndNegation() {
        for (ConditionOperator op : ConditionOperator.values()) {
            assertThat(PolicyParser.operator(op.iamName()).base()).isEqualTo(op);
        }
        assertThat(ConditionOperator.NOT_IP_ADDRESS.family()).isEqualTo(ConditionOperator.Family.IP_ADDRESS);
        assertThat(ConditionOperator.NOT_IP_ADDRESS.negated()).isTrue();
        assertThat(ConditionOperator.ARN_NOT_EQUALS.negated()).isTrue();
        assertThat(ConditionOperator.ARN_NOT_EQUALS.like()).isFalse();
        assertThat(ConditionOperator.DATE_LESS_THAN_EQUALS.comparison())
                .isEqualTo(ConditionOperator.Comparison.LESS_THAN_EQUALS);
        assertThat(ConditionOperator.NULL.negated()).as("Null is not a negated operator").isFalse();
        assertThat(ConditionOperator.values()).filteredOn(ConditionOperator::negated).hasSize(8);
    }

    @Test
    void operator_shouldKeepAnUnknownName_andReportIt() {
        Policy.Operator typo = PolicyParser.operator("StringEqualsIgnoreCaseIfExist");
        Policy.Operator lowerCase = PolicyParser.operator("stringequals");
        Policy.Operator nullIfExists = PolicyParser.operator("NullIfExists");

        assertThat(typo.base()).isNull();
        assertThat(typo.valid()).isFalse();
        assertThat(typo.negated()).isFalse();
        assertThat(lowerCase.valid()).as("operator names are case-sensitive").isFalse();
        assertThat(nullIfExists.base()).isEqualTo(ConditionOperator.NULL);
        assertThat(nullIfExists.valid()).as("Null takes no IfExists").isFalse();
        assertThat(errors("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\","
                + "\"Resource\":\"*\",\"Condition\":{\"NullIfExists\":{\"k\":\"true\"}}}}"))
                .containsExactly("Statement.Condition.NullIfExists: unknown condition operator \"NullIfExists\"");
    }
}
