package io.opsnotify.aws;

import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AwsInputTest {
    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "ap-northeast-1", "eu-central-2", "us-gov-west-1", "cn-north-1",
        "cn-northwest-1", "us-iso-east-1", "eu-isoe-west-1", "ap-southeast-7", "il-central-1"})
    void region_shouldAccept_theRegionNamesOfEveryPartition(String region) {
        assertThat(AwsInput.region(region, "--region")).isEqualTo(region);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Tokyo", "us-east", "US-EAST-1", "us_east_1", "us-east-1a", "us-east-1\n", "a-b-1",
        "us-east-1.evil.example", "us-east-100", "../us-east-1"})
    void region_shouldRefuse_anythingElse(String region) {
        assertThatThrownBy(() -> AwsInput.region(region, "--region")).isInstanceOf(InvalidAwsInputException.class)
                .hasMessageStartingWith("--region '").hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:4566", "https://ec2.ap-northeast-1.amazonaws.com",
        "https://ec2.ap-northeast-1.amazonaws.com/", "HTTP://[::1]:4566", "http://localstack"})
    void endpoint_shouldAccept_aSchemeHostAndPort(String url) {
        assertThat(AwsInput.endpoint(url, "--endpoint-url")).hasToString(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:4566", "localhost", "ftp://127.0.0.1", "file:///etc/passwd",
        "http://user:secret@127.0.0.1:4566", "http://127.0.0.1:4566/prefix", "http://127.0.0.1:4566?a=b",
        "http://127.0.0.1:4566#x", "http:///nohost", "http://bad host", "https://"})
    void endpoint_shouldRefuse_anythingThatIsNotJustSchemeHostPort(String url) {
        assertThatThrownBy(() -> AwsInput.endpoint(url, "--endpoint-url"))
                .isInstanceOf(InvalidAwsInputException.class).hasMessageStartingWith("--endpoint-url '");
    }

    @Test
    void endpoint_shouldNeverShowBackThePasswordOfAUrl() {
        assertThatThrownBy(() -> AwsInput.endpoint("https://AKIA:s3cr3t@ec2.example.com", "--endpoint-url"))
                .hasMessageStartingWith("--endpoint-url 'https://***@ec2.example.com'").hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> AwsInput.endpoint("ht tp://u:s3cr3t@x", "--endpoint-url"))
                .hasMessageNotContaining("s3cr3t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"subnet-0a1b2c3d", "subnet-0a1b2c3d4e5f60718"})
    void resourceId_shouldAccept_8or17HexDigits(String id) {
        assertThat(AwsInput.resourceId(id, "subnet", "--subnet-ids")).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"subnet-a", "subnet-0A1B2C3D", "subnet-0a1b2c3d4", "sg-0a1b2c3d", "subnet-0a1b2c3d ",
        "subnet-0a1b2c3d,subnet-0a1b2c3e", "subnet-", "0a1b2c3d", "subnet-0a1b2c3d\u001b[2J"})
    void resourceId_shouldRefuse_otherShapesAndOtherKinds(String id) {
        assertThatThrownBy(() -> AwsInput.resourceId(id, "subnet", "--subnet-ids"))
                .isInstanceOf(InvalidAwsInputException.class).hasMessageStartingWith("--subnet-ids '")
                .hasMessageNotContaining("\u001b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:sns:ap-northeast-1:123456789012:opsnotify-events",
        "arn:aws-cn:sns:cn-north-1:123456789012:t.fifo", "arn:aws-us-gov:sns:us-gov-west-1:123456789012:T_1"})
    void topicArn_shouldAccept_snsTopicArns(String arn) {
        assertThat(AwsInput.topicArn(arn, "--topic-arn").service()).isEqualTo("sns");
    }

    @ParameterizedTest
    @ValueSource(strings = {"opsnotify-events", "arn:aws:sqs:ap-northeast-1:123456789012:q",
        "arn:aws:sns:ap-northeast-1:123456789012:t:sub-id", "arn:aws:sns::123456789012:t", "arn:aws:sns:ap-northeast-1:1234:t",
        "arn:evil:sns:ap-northeast-1:123456789012:t", "arn:aws:sns:ap-northeast-1:123456789012:t x"})
    void topicArn_shouldRefuse_otherArnsAndNames(String arn) {
        assertThatThrownBy(() -> AwsInput.topicArn(arn, "--topic-arn")).isInstanceOf(InvalidAwsInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:iam::111122223333:role/app", "arn:aws:iam::111122223333:role/path/to/app",
        "arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:root",
        "arn:aws:sts::111122223333:assumed-role/app/i-0123456789abcdef0"})
    void principalArn_shouldAccept_rolesUsersSessionsAndRoot(String arn) {
        assertThat(AwsInput.principalArn(arn, "--principal-arn").account()).isEqualTo("111122223333");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:iam::111122223333:group/ops", "arn:aws:s3:::bucket", "arn:aws:iam:us-east-1:111122223333:role/a",
        "arn:aws:sts::111122223333:assumed-role/app", "arn:aws:iam::111122223333:role/*", "role/app"})
    void principalArn_shouldRefuse_whatCannotMakeARequest(String arn) {
        assertThatThrownBy(() -> AwsInput.principalArn(arn, "--principal-arn")).isInstanceOf(InvalidAwsInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"opsnotify-notifier", "arn:aws:lambda:ap-northeast-1:123456789012:function:opsnotify-notifier",
        "arn:aws:lambda:ap-northeast-1:123456789012:function:f:live"})
    void function_shouldAccept_namesAndFunctionArns(String f) {
        assertThat(AwsInput.function(f, "--function")).isEqualTo(f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "my function", "arn:aws:lambda:ap-northeast-1:123456789012:layer:x",
        "arn:aws:sns:ap-northeast-1:123456789012:function:f", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void function_shouldRefuse_otherValues(String f) {
        assertThatThrownBy(() -> AwsInput.function(f, "--function")).isInstanceOf(InvalidAwsInputException.class);
    }
}
