package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsnotify.awslocal.AwsLocal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Invalid AWS values are invalid input (exit 2, one line) before any network call, in every AWS
 * command: the local endpoint's call log stays empty. Credentials problems are one line with
 * what to do, exit 3.
 */
class AwsInputIT {
    static final String TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:opsnotify-events";

    AwsLocal aws;
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        aws = AwsLocal.start();
        aws.ec2().addVpc("vpc-0abc1234", "10.0.0.0/16");
        aws.ec2().addSubnet("subnet-0a1b2c3d", "vpc-0abc1234", "ap-northeast-1a", "10.0.1.0/24", 251);
        try (SnsClient sns = SnsClient.builder().endpointOverride(aws.endpoint()).region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThat(sns.createTopic(t -> t.name("opsnotify-events")).topicArn()).isEqualTo(TOPIC);
        }
        aws.clearCalls();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    /** A valid command line of each AWS command, for the connection-option cases. */
    static List<List<String>> commands() {
        return List.of(
                List.of("check-subnets", "--subnet-ids", "subnet-0a1b2c3d"),
                List.of("test-event", "--topic-arn", TOPIC, "--type", "order.created", "--id", "42"),
                List.of("validate-s3-endpoint", "--vpc-endpoint-id", "vpce-0a1b2c3d4e5f60718"),
                List.of("sync-cf-routes", "--route-table-ids", "rtb-0a1b2c3d", "--nat-gateway-id", "nat-0123456789abcdef0",
                        "--source", SyncCfRoutesIT.full(), "--dry-run"));
    }

    static Stream<Arguments> invalidValues() {
        List<Arguments> out = new ArrayList<>();
        for (List<String> c : commands()) {
            out.add(Arguments.of(c, List.of("--region", "ap-northeast-1; rm -rf"), "--region"));
            out.add(Arguments.of(c, List.of("--region", "Tokyo"), "--region"));
            out.add(Arguments.of(c, List.of("--region", "eu-west-1 "), "--region")); // the whole string, not a trimmed one
            out.add(Arguments.of(c, List.of("--region", "\teu-west-1"), "--region"));
            out.add(Arguments.of(c, List.of("--endpoint-url", "http://user:pw@127.0.0.1:1"), "--endpoint-url"));
            out.add(Arguments.of(c, List.of("--endpoint-url", "ftp://127.0.0.1"), "--endpoint-url"));
            out.add(Arguments.of(c, List.of("--endpoint-url", "127.0.0.1:4566"), "--endpoint-url"));
            out.add(Arguments.of(c, List.of("--endpoint-url", "https://ec2.example/?x=1"), "--endpoint-url"));
            out.add(Arguments.of(c, List.of("--profile", "nosuch"), "--profile"));
            out.add(Arguments.of(c, List.of("--timeout", "0"), "--timeout"));
        }
        out.add(Arguments.of(List.of("check-subnets"), List.of("--subnet-ids", "subnet-0a1b2c3d,sg-0123abcd"), "--subnet-ids"));
        out.add(Arguments.of(List.of("check-subnets"), List.of("--subnet-ids", "subnet-zzz"), "--subnet-ids"));
        out.add(Arguments.of(List.of("check-subnets", "--subnet-ids", "subnet-0a1b2c3d"),
                List.of("--security-group-ids", "sg-1"), "--security-group-ids"));
        out.add(Arguments.of(List.of("check-subnets"), List.of("--function", "../../x"), "--function"));
        out.add(Arguments.of(List.of("check-subnets"), List.of("--function", "arn:aws:sns:ap-northeast-1:123456789012:f"),
                "--function"));
        out.add(Arguments.of(List.of("test-event", "--type", "order.created", "--id", "42"),
                List.of("--topic-arn", "arn:aws:sqs:ap-northeast-1:123456789012:opsnotify-events"), "--topic-arn"));
        out.add(Arguments.of(List.of("test-event", "--type", "order.created", "--id", "42"),
                List.of("--topic-arn", "opsnotify-events"), "--topic-arn"));
        out.add(Arguments.of(List.of("validate-s3-endpoint"), List.of("--vpc-endpoint-id", "vpce-../x"), "--vpc-endpoint-id"));
        out.add(Arguments.of(List.of("validate-s3-endpoint", "--vpc-endpoint-id", "vpce-0a1b2c3d4e5f60718"),
                List.of("--principal-arn", "arn:aws:s3:::bucket"), "--principal-arn"));
        out.add(Arguments.of(List.of("validate-s3-endpoint", "--vpc-endpoint-id", "vpce-0a1b2c3d4e5f60718"),
                List.of("--require", "s3:GetObject arn:aws:sqs:ap-northeast-1:123456789012:q"), "--require"));
        out.add(Arguments.of(List.of("sync-cf-routes", "--nat-gateway-id", "nat-0123456789abcdef0", "--source",
                SyncCfRoutesIT.full()), List.of("--route-table-ids", "rtb-0a1b2c3d,rtb-main"), "--route-table-ids"));
        out.add(Arguments.of(List.of("sync-cf-routes", "--route-table-ids", "rtb-0a1b2c3d", "--source",
                SyncCfRoutesIT.full()), List.of("--nat-gateway-id", "igw-0123456789abcdef0"), "--nat-gateway-id"));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidValues")
    void awsCommand_shouldExit2WithOneLine_andCallNothing_whenAnAwsValueIsInvalid(List<String> command, List<String> bad,
                                                                                String option) throws IOException {
        List<String> args = new ArrayList<>(command);
        args.addAll(bad);
        CliRun r = CliRun.run(env(), args.toArray(String[]::new));

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        // the usage error's line, then picocli's pointer to the command's help
        assertThat(r.err().lines().toList()).as(r.all()).hasSize(2).last().asString()
                .isEqualTo("see 'opsnotify " + command.get(0) + " --help'");
        assertThat(r.err()).startsWith("opsnotify: " + option + " ").doesNotContain("\u001b");
        assertThat(aws.calls()).as("no call reached AWS").isEmpty();
    }

    @Test
    void region_shouldBeCheckedFromTheEnvironmentToo_andNamedAsSuch() throws IOException {
        Map<String, String> env = env();
        env.put("AWS_REGION", "nowhere");

        CliRun r = CliRun.run(env, "check-subnets", "--subnet-ids", "subnet-0a1b2c3d");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).startsWith("opsnotify: AWS_REGION 'nowhere' is not an AWS region name");
        assertThat(aws.calls()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS_REGION", "AWS_DEFAULT_REGION"})
    void regionFromTheEnvironment_withSurroundingSpace_shouldBeInvalid_beforeAnyCall(String variable) throws IOException {
        Map<String, String> env = env();
        env.remove("AWS_REGION");
        env.put(variable, "ap-northeast-1 ");

        CliRun r = CliRun.run(env, "check-subnets", "--subnet-ids", "subnet-0a1b2c3d");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).startsWith("opsnotify: " + variable + " 'ap-northeast-1 ' is not an AWS region name");
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void profile_shouldBeUsed_whenItExistsInTheConfigFile() throws IOException {
        Map<String, String> env = env();
        env.remove("AWS_ACCESS_KEY_ID");
        env.remove("AWS_SECRET_ACCESS_KEY");

        CliRun r = CliRun.run(env, "test-event", "--topic-arn", TOPIC, "--type", "order.created", "--id", "42",
                "--profile", "ops");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.OK);
        assertThat(aws.calls("sns", "Publish")).singleElement()
                .satisfies(c -> assertThat(c.headers().get("authorization")).contains("Credential=AKIAOPSPROFILE/"));
    }

    @Test
    void missingProfile_shouldNameTheProfilesThereAre() throws IOException {
        CliRun r = CliRun.run(env(), "test-event", "--topic-arn", TOPIC, "--type", "order.created", "--id", "42",
                "--profile", "prod");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err().strip()).isEqualTo("opsnotify: --profile 'prod': no such profile in the AWS config or "
                + "credentials file (they have: nokeys, ops); create it with aws configure --profile NAME\n"
                + "see 'opsnotify test-event --help'");
    }

    static Stream<List<String>> credentialCommands() {
        return Stream.of(
                List.of("check-subnets", "--subnet-ids", "subnet-0a1b2c3d"),
                List.of("test-event", "--topic-arn", TOPIC, "--type", "order.created", "--id", "42"),
                List.of("validate-s3-endpoint", "--vpc-endpoint-id", "vpce-0a1b2c3d4e5f60718"));
    }

    @ParameterizedTest
    @MethodSource("credentialCommands")
    void awsCommand_shouldSayInOneLine_thatTheProfileHasNoCredentials(List<String> command) throws IOException {
        Map<String, String> env = env();
        env.remove("AWS_ACCESS_KEY_ID");
        env.remove("AWS_SECRET_ACCESS_KEY");
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--profile", "nokeys"));

        CliRun r = CliRun.run(env, args.toArray(String[]::new));

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.UNKNOWN);
        String line = r.all().lines().filter(l -> l.contains("credentials")).findFirst().orElseThrow();
        assertThat(line).contains("no usable AWS credentials (profile nokeys): set AWS_ACCESS_KEY_ID")
                .hasSizeLessThan(300);
        assertThat(r.all()).doesNotContain("ProfileFile(").doesNotContain("sections=");
        assertThat(aws.calls()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("credentialCommands")
    void awsCommand_shouldSayInOneLine_thatAwsRejectedTheKey(List<String> command) throws IOException {
        for (String[] sa : new String[][] {{"ec2", "DescribeSubnets"}, {"ec2", "DescribeVpcEndpoints"}, {"sns", "Publish"}}) {
            aws.failAlways(sa[0], sa[1], sa[0].equals("sns") ? "InvalidClientTokenId" : "AuthFailure", 403);
        }

        CliRun r = CliRun.run(env(), command.toArray(String[]::new));

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.UNKNOWN);
        String line = r.all().lines().filter(l -> l.contains("credentials")).findFirst().orElseThrow();
        assertThat(line).containsPattern("AWS did not accept the credentials: (InvalidClientTokenId|AuthFailure)")
                .contains("check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or --profile");
    }

    Map<String, String> env() throws IOException {
        Path config = dir.resolve("aws-config");
        Path credentials = dir.resolve("aws-credentials");
        Files.writeString(config, "[profile ops]\nregion = ap-northeast-1\n[profile nokeys]\nregion = ap-northeast-1\n");
        Files.writeString(credentials, "[ops]\naws_access_key_id = AKIAOPSPROFILE\naws_secret_access_key = ops-secret\n");
        Map<String, String> env = CliRun.awsEnv(aws);
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        env.put("HOME", dir.toString());
        return env;
    }
}
