package io.opsnotify.s3policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinterTest {
    List<String> lint(String json) {
        PolicyParser.Result r = new PolicyParser().parse(json);
        assertThat(r.findings()).as("grammar").isEmpty();
        return new Linter().lint(r.policy()).stream().map(Finding::toString).toList();
    }

    static String one(String statement) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}";
    }

    @Test
    void lint_shouldFindNothing_inTheDefaultPolicy() {
        assertThat(lint(one("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}"))).isEmpty();
    }

    @Test
    void lint_shouldBeAnError_whenLongerThan20480Characters() {
        String padding = " ".repeat(Linter.MAX_LENGTH);
        List<String> findings = lint(one("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}" + padding));

        assertThat(findings).singleElement().asString().startsWith("ERROR the policy has 20").endsWith("at most 20480");
    }

    @Test
    void lint_shouldAcceptExactly20480Characters() {
        String p = one("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}");
        String exact = p + " ".repeat(Linter.MAX_LENGTH - p.length());

        assertThat(lint(exact)).isEmpty();
    }

    @Test
    void lint_shouldBeAnError_whenAStatementHasNoPrincipal() {
        assertThat(lint(one("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}")))
                .singleElement().asString().startsWith("ERROR Statement[0]: no Principal");
    }

    @Test
    void lint_shouldWarn_whenThePrincipalIsABareAccountId() {
        assertThat(lint(one("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"111122223333\"]},\"Action\":\"*\",\"Resource\":\"*\"}")))
                .singleElement().asString().startsWith("WARNING Statement[0].Principal.AWS: \"111122223333\" means only the root user");
        assertThat(lint(one("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"*\",\"Resource\":\"*\"}")))
                .singleElement().asString().contains("only the root user of account 111122223333 through a gateway endpoint");
        assertThat(lint(one("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/app\"},\"Action\":\"*\",\"Resource\":\"*\"}")))
                .isEmpty();
    }

    @Test
    void lint_shouldWarnAboutSourceIp_andThatTheStatementCanNeverMatch() {
        assertThat(lint(one("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}")))
                .containsExactly(
                        "WARNING Statement[0].Condition.IpAddress.aws:SourceIp: aws:SourceIp is never in a request through a VPC "
                                + "endpoint: IpAddress on it never holds; use aws:SourceVpc, aws:SourceVpce or aws:VpcSourceIp",
                        "WARNING Statement[0]: Statement[0] can never match a request through an S3 endpoint: IpAddress on "
                                + "aws:SourceIp, which is never in the request");
    }

    @Test
    void lint_shouldWarn_whenAStatementHasNoS3ActionOrResource() {
        assertThat(lint(one("{\"Sid\":\"Ec2\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ec2:*\",\"Resource\":\"*\"}")))
                .containsExactly("WARNING Statement[0]: Ec2 can never match a request through an S3 endpoint: no S3 action in Action [ec2:*]");
        assertThat(lint(one("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"NotAction\":\"s3:*\",\"Resource\":\"*\"}")))
                .singleElement().asString().contains("NotAction [s3:*] excludes every S3 action");
        assertThat(lint(one("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\","
                + "\"Resource\":\"arn:aws:dynamodb:ap-northeast-1:111122223333:table/t\"}")))
                .singleElement().asString().contains("no S3 resource");
    }

    @Test
    void lint_shouldWarnAboutUnknownS3Actions_butAcceptPatternsThatMatchOne() {
        assertThat(lint(one("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[\"s3:GetObjekt\",\"s3:Get*\",\"s3:listbucket\","
                + "\"s3:Frob*\"],\"Resource\":\"*\"}")))
                .containsExactly("WARNING Statement[0].Action: \"s3:GetObjekt\" is not an S3 action (typo?)",
                        "WARNING Statement[0].Action: \"s3:Frob*\" matches no S3 action (typo?)");
    }

    @Test
    void lint_shouldWarn_whenAStringWildcardHasFewerThanSixCharactersOnBothSides() {
        assertThat(lint(one("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringLike\":{\"aws:PrincipalArn\":[\"arn:aws:iam::*:role/shop-*\",\"ab*cd\"]}}}")))
                .containsExactly("WARNING Statement[0].Condition.StringLike.aws:PrincipalArn: \"ab*cd\": in an endpoint "
                        + "policy each wildcard in a string condition needs at least six consecutive characters before or after it");
    }

    @Test
    void lint_shouldWarn_whenASystemGeneratedIdKeyHasAWildcardOrNumericOperator() {
        assertThat(lint(one("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringLike\":{\"aws:PrincipalAccount\":\"1111222233*\"},"
                + "\"StringEquals\":{\"aws:SourceVpc\":\"vpc-0abc1234\"}}}")))
                .singleElement().asString()
                .startsWith("WARNING Statement[0].Condition.StringLike.aws:PrincipalAccount: endpoint policies cannot use wildcards");
    }

    @Test
    void lint_shouldSaySourceIpAlwaysHolds_forNegatedAndIfExistsOperators_withoutSayingTheStatementNeverMatches() {
        for (String op : List.of("NotIpAddress", "IpAddressIfExists", "StringNotEquals")) {
            assertThat(lint(one("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\","
                    + "\"Condition\":{\"" + op + "\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}")))
                    .as(op).singleElement().asString().contains(op + " on it always holds");
        }
        assertThat(lint(one("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"ForAllValues:IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"},"
                + "\"Null\":{\"aws:SourceIp\":\"false\"}}}")))
                .as("ForAllValues: and Null on an absent key do not make the statement unmatchable")
                .hasSize(2).allSatisfy(f -> assertThat(f).doesNotContain("can never match"));
    }

    @Test
    void lint_shouldWarnAboutNumericOperatorsOnSystemIds_andLeaveArnLikeAlone() {
        assertThat(lint(one("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"NumericEquals\":{\"aws:PrincipalAccount\":\"111122223333\"}}}")))
                .singleElement().asString().contains("cannot use wildcards or numeric operators with aws:PrincipalAccount");
        assertThat(lint(one("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/a*\"}}}")))
                .as("the six-character rule is for string conditions only").isEmpty();
    }
}
