package io.opsnotify.awslocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AddPermissionResponse;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionEventInvokeConfigResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.GetPolicyResponse;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeResponse;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.CreateTopicResponse;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.SnsException;

class AwsLocalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] ZIP = "PK\u0003\u0004 fake zip v1".getBytes(StandardCharsets.UTF_8);
    private static final String ROLE = "arn:aws:iam::123456789012:role/opsnotify";

    private AwsLocal aws;
    private SnsClient sns;
    private LambdaClient lambda;
    private Ec2Client ec2;

    @BeforeEach
    void start() {
        aws = AwsLocal.start();
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "secret"));
        sns = SnsClient.builder().endpointOverride(aws.endpoint()).region(Region.AP_NORTHEAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
        lambda = LambdaClient.builder().endpointOverride(aws.endpoint()).region(Region.AP_NORTHEAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
        ec2 = Ec2Client.builder().endpointOverride(aws.endpoint()).region(Region.AP_NORTHEAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        sns.close();
        lambda.close();
        ec2.close();
        aws.close();
    }

    // ---- what the SDK actually sends ------------------------------------------------------------

    @Test
    void sns_shouldArriveAsQueryProtocolFormPost_whenSdkCreatesTopic() {
        sns.createTopic(b -> b.name("wire"));

        RecordedCall call = aws.calls().get(0);
        assertThat(call.service()).isEqualTo("sns");
        assertThat(call.headers().get("content-type")).startsWith("application/x-www-form-urlencoded");
        assertThat(call.headers()).doesNotContainKey("x-amz-target");
        assertThat(call.body()).contains("Action=CreateTopic").contains("Version=2010-03-31");
        assertThat(call.headers().get("authorization")).contains("/ap-northeast-1/sns/aws4_request");
    }

    @Test
    void lambda_shouldArriveAsRestJson_whenSdkCreatesFunction() {
        createFunction("wire");

        RecordedCall call = aws.calls().get(0);
        assertThat(call.service()).isEqualTo("lambda");
        assertThat(call.params().get("path")).isEqualTo("2015-03-31/functions");
        assertThat(call.headers().get("content-type")).startsWith("application/json");
        assertThat(call.headers()).doesNotContainKey("x-amz-target");
        assertThat(call.headers().get("authorization")).contains("/ap-northeast-1/lambda/aws4_request");
    }

    @Test
    void ec2_shouldArriveAsEc2QueryFormPost_whenSdkDescribesSubnets() {
        ec2.describeSubnets();

        RecordedCall call = aws.calls().get(0);
        assertThat(call.service()).isEqualTo("ec2");
        assertThat(call.headers().get("content-type")).startsWith("application/x-www-form-urlencoded");
        assertThat(call.body()).contains("Action=DescribeSubnets").contains("Version=2016-11-15");
        assertThat(call.headers()).doesNotContainKey("smithy-protocol");
    }

    // ---- SNS --------------------------------------------------------------------------------

    @Test
    void createTopic_shouldReturnSameArnAndKeepOneTopic_whenCalledTwiceWithSameNameAndTags() {
        CreateTopicResponse first = sns.createTopic(b -> b.name("opsnotify-events").tags(t -> t.key("app").value("opsnotify")));

        CreateTopicResponse second = sns.createTopic(b -> b.name("opsnotify-events").tags(t -> t.key("app").value("opsnotify")));

        assertThat(first.topicArn()).isEqualTo("arn:aws:sns:ap-northeast-1:123456789012:opsnotify-events");
        assertThat(second.topicArn()).isEqualTo(first.topicArn());
        assertThat(aws.sns().topics()).hasSize(1);
        assertThat(sns.listTagsForResource(b -> b.resourceArn(first.topicArn())).tags())
                .singleElement().satisfies(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("app=opsnotify"));
    }

    @Test
    void createTopic_shouldThrowInvalidParameter_whenTopicExistsWithDifferentTags() {
        sns.createTopic(b -> b.name("t").tags(t -> t.key("app").value("a")));

        assertThatThrownBy(() -> sns.createTopic(b -> b.name("t").tags(t -> t.key("app").value("b"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Topic already exists with different tags");
    }

    @Test
    void getTopicAttributes_shouldThrowNotFoundException_whenTopicDoesNotExist() {
        assertThatThrownBy(() -> sns.getTopicAttributes(b -> b.topicArn("arn:aws:sns:ap-northeast-1:123456789012:nope")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotFound");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Topic does not exist");
                });
    }

    @Test
    void getTopicAttributes_shouldCountConfirmedSubscriptions_whenLambdaIsSubscribed() {
        String topic = sns.createTopic(b -> b.name("events")).topicArn();
        sns.subscribe(b -> b.topicArn(topic).protocol("lambda").endpoint(functionArn("notifier")));

        Map<String, String> attributes = sns.getTopicAttributes(b -> b.topicArn(topic)).attributes();

        assertThat(attributes).containsEntry("TopicArn", topic).containsEntry("SubscriptionsConfirmed", "1")
                .containsEntry("Owner", AwsLocal.ACCOUNT);
        assertThat(attributes.get("Policy")).contains("\"Resource\":\"" + topic + "\"");
    }

    @Test
    void listTopicsPaginator_shouldReturnEveryTopic_whenMoreThanOnePageExists() {
        for (int i = 0; i < 150; i++) {
            int n = i;
            sns.createTopic(b -> b.name("topic-" + n));
        }

        List<String> arns = sns.listTopicsPaginator().topics().stream().map(t -> t.topicArn()).toList();

        assertThat(arns).hasSize(150).doesNotHaveDuplicates();
        assertThat(aws.calls("sns", "ListTopics")).hasSize(2);
    }

    @Test
    void subscribe_shouldReturnSameSubscription_whenCalledTwiceForSameEndpoint() {
        String topic = sns.createTopic(b -> b.name("events")).topicArn();

        String first = sns.subscribe(b -> b.topicArn(topic).protocol("lambda").endpoint(functionArn("n"))
                .returnSubscriptionArn(true)).subscriptionArn();
        String second = sns.subscribe(b -> b.topicArn(topic).protocol("lambda").endpoint(functionArn("n"))
                .returnSubscriptionArn(true)).subscriptionArn();

        assertThat(first).startsWith(topic + ":").isEqualTo(second);
        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions())
                .singleElement().satisfies(s -> {
                    assertThat(s.protocol()).isEqualTo("lambda");
                    assertThat(s.endpoint()).isEqualTo(functionArn("n"));
                    assertThat(s.subscriptionArn()).isEqualTo(first);
                });
    }

    @Test
    void unsubscribe_shouldRemoveSubscription_whenItExists() {
        String topic = sns.createTopic(b -> b.name("events")).topicArn();
        String sub = sns.subscribe(b -> b.topicArn(topic).protocol("lambda").endpoint(functionArn("n"))).subscriptionArn();

        sns.unsubscribe(b -> b.subscriptionArn(sub));

        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions()).isEmpty();
        assertThatThrownBy(() -> sns.unsubscribe(b -> b.subscriptionArn(sub))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void tagResource_shouldRoundTripXmlSpecialCharacters_whenTagValueHasThem() {
        String topic = sns.createTopic(b -> b.name("events")).topicArn();

        sns.tagResource(b -> b.resourceArn(topic).tags(t -> t.key("owner").value("<ops & \"dev\" 'team'>")));

        assertThat(sns.listTagsForResource(b -> b.resourceArn(topic)).tags().get(0).value())
                .isEqualTo("<ops & \"dev\" 'team'>");
    }

    @Test
    void publish_shouldHandFunctionTheSnsEventWithMessageAttribute_whenLambdaIsSubscribed() throws Exception {
        createFunction("notifier");
        List<String> received = new ArrayList<>();
        aws.lambda().invoker((fn, event) -> {
            received.add(fn.name() + " " + new String(event, StandardCharsets.UTF_8));
            return null;
        });
        String topic = sns.createTopic(b -> b.name("opsnotify-events")).topicArn();
        String sub = sns.subscribe(b -> b.topicArn(topic).protocol("lambda").endpoint(functionArn("notifier"))).subscriptionArn();

        PublishResponse published = sns.publish(b -> b.topicArn(topic).message("{\"type\": \"order.created\", \"id\": 42}")
                .messageAttributes(Map.of("type", MessageAttributeValue.builder().dataType("String")
                        .stringValue("order.created").build())));

        assertThat(received).hasSize(1);
        assertThat(received.get(0)).startsWith("notifier ");
        JsonNode event = JSON.readTree(received.get(0).substring("notifier ".length()));
        JsonNode fixture = JSON.readTree(Fixtures.read("fixtures/sns/order-created-42.json"));
        assertThat(fieldPaths(event)).isEqualTo(fieldPaths(fixture));
        JsonNode record = event.path("Records").get(0);
        assertThat(record.path("EventSubscriptionArn").asText()).isEqualTo(sub);
        assertThat(record.path("Sns").path("MessageId").asText()).isEqualTo(published.messageId());
        assertThat(record.path("Sns").path("TopicArn").asText()).isEqualTo(topic);
        assertThat(record.path("Sns").path("Subject").isNull()).isTrue();
        assertThat(record.path("Sns").path("Message")).isEqualTo(fixture.path("Records").get(0).path("Sns").path("Message"));
        assertThat(record.path("Sns").path("MessageAttributes"))
                .isEqualTo(fixture.path("Records").get(0).path("Sns").path("MessageAttributes"));
        assertThat(record.path("Sns").path("Timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void publish_shouldSucceedAndRecordFailedInvocation_whenFunctionThrows() {
        createFunction("notifier");
        aws.lambda().invoker((fn, event) -> {
            throw new IllegalStateException("slack down");
        });
        String topic = sns.createTopic(b -> b.name("events")).topicArn();
        sns.subscribe(b -> b.topicArn(topic).protocol("lambda").endpoint(functionArn("notifier")));

        String messageId = sns.publish(b -> b.topicArn(topic).message("hi")).messageId();

        assertThat(messageId).matches("[0-9a-f-]{36}");
        assertThat(aws.sns().deliveries()).singleElement().satisfies(d -> {
            assertThat(d.messageId()).isEqualTo(messageId);
            assertThat(d.invocation().failed()).isTrue();
            assertThat(d.invocation().error()).contains("slack down");
        });
        assertThat(aws.lambda().function("notifier").invocations()).hasSize(1);
    }

    @Test
    void publish_shouldThrowNotFoundException_whenTopicDoesNotExist() {
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn("arn:aws:sns:ap-northeast-1:123456789012:gone").message("x")))
                .isInstanceOf(NotFoundException.class);
        assertThat(aws.sns().deliveries()).isEmpty();
    }

    // ---- Lambda -----------------------------------------------------------------------------

    @Test
    void createFunction_shouldReturnPendingConfigurationWithCodeSha256_whenZipIsUploaded() throws Exception {
        CreateFunctionResponse created = createFunction("notifier");

        String expectedSha = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(ZIP));
        assertThat(created.codeSha256()).isEqualTo(expectedSha);
        assertThat(created.codeSize()).isEqualTo(ZIP.length);
        assertThat(created.state()).isEqualTo(State.PENDING);
        assertThat(created.lastUpdateStatus()).isEqualTo(LastUpdateStatus.IN_PROGRESS);
        assertThat(created.functionArn()).isEqualTo(functionArn("notifier"));
        assertThat(created.runtime()).isEqualTo(Runtime.JAVA21);
        assertThat(created.memorySize()).isEqualTo(512);
        assertThat(created.timeout()).isEqualTo(30);
        assertThat(created.environment().variables()).containsEntry("DB_HOST", "replica.internal");
        assertThat(aws.lambda().function("notifier").tags()).containsEntry("app", "opsnotify");
    }

    @Test
    void createFunction_shouldThrowResourceConflict_whenFunctionExists() {
        createFunction("notifier");

        assertThatThrownBy(() -> createFunction("notifier")).isInstanceOfSatisfying(ResourceConflictException.class,
                e -> assertThat(e.statusCode()).isEqualTo(409));
    }

    @Test
    void waitUntilFunctionActiveV2_shouldPollUntilActive_whenFunctionWasJustCreated() {
        createFunction("notifier");

        WaiterResponse<GetFunctionResponse> waited = lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("notifier"));

        assertThat(waited.attemptsExecuted()).isEqualTo(2);
        assertThat(waited.matched().response()).hasValueSatisfying(
                r -> assertThat(r.configuration().state()).isEqualTo(State.ACTIVE));
        assertThat(aws.calls("lambda", "GetFunction")).hasSize(2);
    }

    @Test
    void waitUntilFunctionUpdatedV2_shouldPollUntilSuccessful_whenCodeWasUpdated() {
        createFunction("notifier");
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("notifier"));
        byte[] v2 = "PK\u0003\u0004 fake zip v2".getBytes(StandardCharsets.UTF_8);

        UpdateFunctionCodeResponse updated = lambda.updateFunctionCode(
                b -> b.functionName("notifier").zipFile(SdkBytes.fromByteArray(v2)));
        WaiterResponse<GetFunctionResponse> waited = lambda.waiter().waitUntilFunctionUpdatedV2(b -> b.functionName("notifier"));

        assertThat(updated.lastUpdateStatus()).isEqualTo(LastUpdateStatus.IN_PROGRESS);
        assertThat(waited.attemptsExecuted()).isEqualTo(2);
        GetFunctionResponse after = waited.matched().response().orElseThrow();
        assertThat(after.configuration().lastUpdateStatus()).isEqualTo(LastUpdateStatus.SUCCESSFUL);
        assertThat(after.configuration().codeSize()).isEqualTo(v2.length);
        assertThat(after.code().location()).startsWith("https://");
        assertThat(after.tags()).containsEntry("app", "opsnotify");
    }

    @Test
    void updateFunctionConfiguration_shouldThrowResourceConflict_whenPreviousUpdateIsInProgress() {
        createFunction("notifier");

        assertThatThrownBy(() -> lambda.updateFunctionConfiguration(b -> b.functionName("notifier").timeout(60)))
                .isInstanceOfSatisfying(ResourceConflictException.class,
                        e -> assertThat(e.getMessage()).contains("An update is in progress"));
    }

    @Test
    void updateFunctionConfiguration_shouldStoreNewValues_whenFunctionIsActive() {
        createActiveFunction("notifier");

        lambda.updateFunctionConfiguration(b -> b.functionName("notifier").timeout(60).memorySize(1024)
                .environment(e -> e.variables(Map.of("SLACK_URL", "https://hooks.slack.com/x"))));
        lambda.waiter().waitUntilFunctionUpdatedV2(b -> b.functionName("notifier"));

        GetFunctionConfigurationResponse config = lambda.getFunctionConfiguration(b -> b.functionName("notifier"));
        assertThat(config.timeout()).isEqualTo(60);
        assertThat(config.memorySize()).isEqualTo(1024);
        assertThat(config.environment().variables()).containsOnly(Map.entry("SLACK_URL", "https://hooks.slack.com/x"));
    }

    @Test
    void getFunction_shouldThrowResourceNotFoundWithArn_whenFunctionDoesNotExist() {
        assertThatThrownBy(() -> lambda.getFunction(b -> b.functionName("missing")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Function not found: arn:aws:lambda:ap-northeast-1:123456789012:function:missing");
                });
    }

    @Test
    void getFunction_shouldFindFunction_whenCalledWithItsArn() {
        createFunction("notifier");

        GetFunctionResponse got = lambda.getFunction(b -> b.functionName(functionArn("notifier")));

        assertThat(got.configuration().functionName()).isEqualTo("notifier");
    }

    @Test
    void createFunction_shouldTakeVpcIdFromSubnetAndCreateOneHyperplaneEni_whenVpcConfigGiven() {
        seedNetwork();

        CreateFunctionResponse created = lambda.createFunction(b -> b.functionName("in-vpc").runtime(Runtime.JAVA21)
                .role(ROLE).handler("h").code(c -> c.zipFile(SdkBytes.fromByteArray(ZIP)))
                .vpcConfig(v -> v.subnetIds("subnet-a", "subnet-c").securityGroupIds("sg-1")));

        assertThat(created.vpcConfig().vpcId()).isEqualTo("vpc-1");
        assertThat(created.vpcConfig().subnetIds()).containsExactly("subnet-a", "subnet-c");
        List<NetworkInterface> enis = ec2.describeNetworkInterfaces(b -> b.filters(
                filter("interface-type", "lambda"), filter("description", "AWS Lambda VPC ENI*"))).networkInterfaces();
        assertThat(enis).extracting(NetworkInterface::subnetId).containsExactlyInAnyOrder("subnet-a", "subnet-c");
        assertThat(aws.ec2().subnet("subnet-a").availableIpAddressCount()).isEqualTo(250);
    }

    @Test
    void createFunction_shouldThrowInvalidParameterValue_whenSubnetDoesNotExist() {
        assertThatThrownBy(() -> lambda.createFunction(b -> b.functionName("in-vpc").runtime(Runtime.JAVA21)
                .role(ROLE).handler("h").code(c -> c.zipFile(SdkBytes.fromByteArray(ZIP)))
                .vpcConfig(v -> v.subnetIds("subnet-nope").securityGroupIds("sg-1"))))
                .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("InvalidParameterValueException"));
        assertThat(aws.lambda().functions()).isEmpty();
    }

    @Test
    void addPermission_shouldStoreStatementAndRejectDuplicateSid_whenSnsMayInvoke() throws Exception {
        createFunction("notifier");
        String topic = "arn:aws:sns:ap-northeast-1:123456789012:events";

        AddPermissionResponse added = lambda.addPermission(b -> b.functionName("notifier").statementId("sns")
                .action("lambda:InvokeFunction").principal("sns.amazonaws.com").sourceArn(topic));
        GetPolicyResponse policy = lambda.getPolicy(b -> b.functionName("notifier"));

        JsonNode statement = JSON.readTree(added.statement());
        assertThat(statement.path("Principal").path("Service").asText()).isEqualTo("sns.amazonaws.com");
        assertThat(statement.path("Condition").path("ArnLike").path("AWS:SourceArn").asText()).isEqualTo(topic);
        JsonNode doc = JSON.readTree(policy.policy());
        assertThat(doc.path("Statement")).hasSize(1);
        assertThat(doc.path("Statement").get(0)).isEqualTo(statement);
        assertThat(policy.revisionId()).isNotBlank();
        assertThatThrownBy(() -> lambda.addPermission(b -> b.functionName("notifier").statementId("sns")
                .action("lambda:InvokeFunction").principal("sns.amazonaws.com").sourceArn(topic)))
                .isInstanceOfSatisfying(ResourceConflictException.class, e -> assertThat(e.statusCode()).isEqualTo(409));
    }

    @Test
    void getPolicy_shouldThrowResourceNotFound_whenLastStatementWasRemoved() {
        createFunction("notifier");
        lambda.addPermission(b -> b.functionName("notifier").statementId("sns")
                .action("lambda:InvokeFunction").principal("sns.amazonaws.com"));

        lambda.removePermission(b -> b.functionName("notifier").statementId("sns"));

        assertThatThrownBy(() -> lambda.getPolicy(b -> b.functionName("notifier")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(aws.lambda().function("notifier").policyStatements()).isEmpty();
    }

    @Test
    void putFunctionEventInvokeConfig_shouldRoundTripRetriesAgeAndOnFailure_whenSet() {
        createFunction("notifier");
        String dlq = "arn:aws:sqs:ap-northeast-1:123456789012:opsnotify-failures";

        lambda.putFunctionEventInvokeConfig(b -> b.functionName("notifier").maximumRetryAttempts(2)
                .maximumEventAgeInSeconds(3600).destinationConfig(d -> d.onFailure(f -> f.destination(dlq))));
        GetFunctionEventInvokeConfigResponse got = lambda.getFunctionEventInvokeConfig(b -> b.functionName("notifier"));

        assertThat(got.maximumRetryAttempts()).isEqualTo(2);
        assertThat(got.maximumEventAgeInSeconds()).isEqualTo(3600);
        assertThat(got.destinationConfig().onFailure().destination()).isEqualTo(dlq);
        assertThat(got.functionArn()).isEqualTo(functionArn("notifier") + ":$LATEST");
        assertThat(got.lastModified()).isNotNull();
    }

    @Test
    void getFunctionEventInvokeConfig_shouldThrowResourceNotFound_whenNoneWasSet() {
        createFunction("notifier");

        assertThatThrownBy(() -> lambda.getFunctionEventInvokeConfig(b -> b.functionName("notifier")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void functionConcurrency_shouldBeSetReadAndDeleted_whenManagedThroughSdk() {
        createFunction("notifier");

        lambda.putFunctionConcurrency(b -> b.functionName("notifier").reservedConcurrentExecutions(5));
        Integer set = lambda.getFunctionConcurrency(b -> b.functionName("notifier")).reservedConcurrentExecutions();
        lambda.deleteFunctionConcurrency(b -> b.functionName("notifier"));
        Integer deleted = lambda.getFunctionConcurrency(b -> b.functionName("notifier")).reservedConcurrentExecutions();

        assertThat(set).isEqualTo(5);
        assertThat(deleted).isNull();
        assertThat(aws.lambda().function("notifier").reservedConcurrency()).isNull();
    }

    @Test
    void tagResource_shouldMergeTags_whenFunctionIsTaggedAgain() {
        createFunction("notifier");

        lambda.tagResource(b -> b.resource(functionArn("notifier")).tags(Map.of("team", "ops")));
        lambda.untagResource(b -> b.resource(functionArn("notifier")).tagKeys("app"));

        assertThat(lambda.listTags(b -> b.resource(functionArn("notifier"))).tags()).containsOnly(Map.entry("team", "ops"));
    }

    @Test
    void invoke_shouldReturnInvokerPayload_whenRequestResponse() {
        createActiveFunction("notifier");
        aws.lambda().invoker((fn, event) -> ("{\"echo\":" + new String(event, StandardCharsets.UTF_8) + "}").getBytes());

        InvokeResponse response = lambda.invoke(b -> b.functionName("notifier").payload(SdkBytes.fromUtf8String("{\"a\":1}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isNull();
        assertThat(response.payload().asUtf8String()).isEqualTo("{\"echo\":{\"a\":1}}");
        assertThat(aws.lambda().function("notifier").invocations()).singleElement()
                .satisfies(i -> assertThat(i.source()).isEqualTo("invoke"));
    }

    @Test
    void invoke_shouldReportUnhandledFunctionError_whenInvokerThrows() {
        createActiveFunction("notifier");
        aws.lambda().invoker((fn, event) -> {
            throw new IllegalStateException("boom");
        });

        InvokeResponse response = lambda.invoke(b -> b.functionName("notifier").payload(SdkBytes.fromUtf8String("{}")));

        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(response.payload().asUtf8String()).contains("boom");
    }

    @Test
    void invoke_shouldThrowResourceConflict_whenFunctionIsStillPending() {
        createFunction("notifier");

        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("notifier").payload(SdkBytes.fromUtf8String("{}"))))
                .isInstanceOfSatisfying(ResourceConflictException.class,
                        e -> assertThat(e.getMessage()).contains("following state: Pending"));
        assertThat(aws.lambda().function("notifier").invocations()).isEmpty();
    }

    // ---- EC2 --------------------------------------------------------------------------------

    @Test
    void describeSubnets_shouldReturnSeededFields_whenFilteredByVpc() {
        seedNetwork();

        DescribeSubnetsResponse response = ec2.describeSubnets(b -> b.filters(filter("vpc-id", "vpc-1")));

        assertThat(response.subnets()).extracting(Subnet::subnetId).containsExactly("subnet-a", "subnet-c");
        Subnet a = response.subnets().get(0);
        assertThat(a.vpcId()).isEqualTo("vpc-1");
        assertThat(a.availabilityZone()).isEqualTo("ap-northeast-1a");
        assertThat(a.availabilityZoneId()).isEqualTo("apne1-az1");
        assertThat(a.cidrBlock()).isEqualTo("10.0.1.0/24");
        assertThat(a.availableIpAddressCount()).isEqualTo(251);
        assertThat(a.stateAsString()).isEqualTo("available");
        assertThat(a.tags()).containsExactly(Tag.builder().key("Name").value("private-a").build());
    }

    @Test
    void describeSubnets_shouldThrowInvalidSubnetIdNotFound_whenIdIsUnknown() {
        seedNetwork();

        assertThatThrownBy(() -> ec2.describeSubnets(b -> b.subnetIds("subnet-a", "subnet-zzz")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSubnetID.NotFound");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("subnet-zzz");
                });
    }

    @Test
    void describeSecurityGroups_shouldReturnGroup_whenAskedById() {
        seedNetwork();

        List<SecurityGroup> groups = ec2.describeSecurityGroups(b -> b.groupIds("sg-1")).securityGroups();

        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.groupName()).isEqualTo("lambda");
            assertThat(g.vpcId()).isEqualTo("vpc-1");
        });
        assertThatThrownBy(() -> ec2.describeSecurityGroups(b -> b.groupIds("sg-nope")))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidGroup.NotFound"));
    }

    @Test
    void describeVpcs_shouldReturnCidr_whenAskedById() {
        seedNetwork();

        assertThat(ec2.describeVpcs(b -> b.vpcIds("vpc-1")).vpcs())
                .singleElement().satisfies(v -> assertThat(v.cidrBlock()).isEqualTo("10.0.0.0/16"));
    }

    @Test
    void describeNetworkInterfacesPaginator_shouldReturnAllMatchingEnisAcrossPages_whenMaxResultsIsSmall() {
        seedNetwork();
        for (int i = 0; i < 12; i++) {
            aws.ec2().addNetworkInterface("eni-" + i, i % 2 == 0 ? "subnet-a" : "subnet-c", "lambda",
                    "AWS Lambda VPC ENI-fn" + i, List.of("sg-1"));
        }
        aws.ec2().addNetworkInterface("eni-ec2", "subnet-a", "interface", "web server", List.of("sg-1"));

        List<NetworkInterface> enis = ec2.describeNetworkInterfacesPaginator(b -> b.maxResults(5)
                .filters(filter("interface-type", "lambda"), filter("vpc-id", "vpc-1"))).networkInterfaces()
                .stream().toList();

        assertThat(enis).hasSize(12).extracting(NetworkInterface::networkInterfaceId).doesNotHaveDuplicates()
                .doesNotContain("eni-ec2");
        assertThat(aws.calls("ec2", "DescribeNetworkInterfaces")).hasSize(3);
        assertThat(enis.get(0).groups()).singleElement().satisfies(g -> assertThat(g.groupName()).isEqualTo("lambda"));
        assertThat(enis.get(0).privateIpAddress()).isEqualTo("10.0.1.4");
        assertThat(enis.get(0).statusAsString()).isEqualTo("in-use");
    }

    @Test
    void describeNetworkInterfaces_shouldMatchWildcardAndSubnet_whenFiltersGiven() {
        seedNetwork();
        aws.ec2().addNetworkInterface("eni-1", "subnet-a", "lambda", "AWS Lambda VPC ENI-notifier", List.of("sg-1"));
        aws.ec2().addNetworkInterface("eni-2", "subnet-c", "lambda", "AWS Lambda VPC ENI-notifier", List.of("sg-1"));
        aws.ec2().addNetworkInterface("eni-3", "subnet-a", "interface", "something else", List.of("sg-1"));

        List<NetworkInterface> enis = ec2.describeNetworkInterfaces(b -> b.filters(
                filter("description", "AWS Lambda VPC ENI*"), filter("subnet-id", "subnet-a"))).networkInterfaces();

        assertThat(enis).extracting(NetworkInterface::networkInterfaceId).containsExactly("eni-1");
    }

    @Test
    void describeNetworkInterfaces_shouldRejectUnknownFilter_whenNameIsMisspelt() {
        assertThatThrownBy(() -> ec2.describeNetworkInterfaces(b -> b.filters(filter("interfacetype", "lambda"))))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
    }

    @Test
    void describeRouteTables_shouldReturnRoutesAssociationsAndTags_whenSeeded() {
        seedNetwork();

        DescribeRouteTablesResponse response = ec2.describeRouteTables(b -> b.filters(filter("association.subnet-id", "subnet-a")));

        RouteTable table = response.routeTables().get(0);
        assertThat(response.routeTables()).hasSize(1);
        assertThat(table.routeTableId()).isEqualTo("rtb-private");
        assertThat(table.routes()).extracting(r -> r.destinationCidrBlock() + " " + r.gatewayId() + " " + r.natGatewayId()
                + " " + r.originAsString() + " " + r.stateAsString())
                .containsExactly("10.0.0.0/16 local null CreateRouteTable active",
                        "0.0.0.0/0 null nat-1 CreateRoute active");
        assertThat(table.associations()).extracting(a -> a.subnetId()).containsExactly("subnet-a", "subnet-c");
        assertThat(table.tags()).containsExactly(Tag.builder().key("Name").value("private").build());
    }

    @Test
    void createRoute_shouldAddRouteAndRejectDuplicate_whenDestinationIsNew() {
        seedNetwork();

        ec2.createRoute(b -> b.routeTableId("rtb-private").destinationCidrBlock("13.32.0.0/15").natGatewayId("nat-1"));
        ec2.createRoute(b -> b.routeTableId("rtb-private").destinationIpv6CidrBlock("2600:9000::/28").natGatewayId("nat-1"));

        assertThat(aws.ec2().routeTable("rtb-private").routes()).extracting(Ec2Local.Route::destination)
                .contains("13.32.0.0/15", "2600:9000::/28");
        List<String> v6 = ec2.describeRouteTables(b -> b.routeTableIds("rtb-private")).routeTables().get(0).routes()
                .stream().map(r -> r.destinationIpv6CidrBlock()).filter(d -> d != null).toList();
        assertThat(v6).containsExactly("2600:9000::/28");
        assertThatThrownBy(() -> ec2.createRoute(b -> b.routeTableId("rtb-private").destinationCidrBlock("13.32.0.0/15")
                .natGatewayId("nat-1"))).isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RouteAlreadyExists"));
    }

    @Test
    void createRoute_shouldThrowRouteLimitExceeded_whenTableIsFull() {
        seedNetwork();
        aws.ec2().maxRoutesPerTable(3);
        ec2.createRoute(b -> b.routeTableId("rtb-private").destinationCidrBlock("13.32.0.0/15").natGatewayId("nat-1"));

        assertThatThrownBy(() -> ec2.createRoute(b -> b.routeTableId("rtb-private").destinationCidrBlock("52.84.0.0/15")
                .natGatewayId("nat-1"))).isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RouteLimitExceeded"));
        assertThat(aws.ec2().routeTable("rtb-private").routes()).hasSize(3);
    }

    @Test
    void replaceRoute_shouldChangeTarget_whenRouteExists() {
        seedNetwork();

        ec2.replaceRoute(b -> b.routeTableId("rtb-private").destinationCidrBlock("0.0.0.0/0").natGatewayId("nat-2"));

        assertThat(aws.ec2().routeTable("rtb-private").routes()).extracting(Ec2Local.Route::natGatewayId).contains("nat-2")
                .doesNotContain("nat-1");
        assertThatThrownBy(() -> ec2.replaceRoute(b -> b.routeTableId("rtb-private").destinationCidrBlock("1.2.3.0/24")
                .natGatewayId("nat-2"))).isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRoute.NotFound"));
    }

    @Test
    void deleteRoute_shouldRemoveRouteAndThenReportNotFound_whenDeletedTwice() {
        seedNetwork();

        ec2.deleteRoute(b -> b.routeTableId("rtb-private").destinationCidrBlock("0.0.0.0/0"));

        assertThat(aws.ec2().routeTable("rtb-private").routes()).extracting(Ec2Local.Route::destination)
                .containsExactly("10.0.0.0/16");
        assertThatThrownBy(() -> ec2.deleteRoute(b -> b.routeTableId("rtb-private").destinationCidrBlock("0.0.0.0/0")))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRoute.NotFound"));
    }

    @Test
    void createTags_shouldTagRouteTableAndDeleteTagsShouldRemoveIt_whenRoundTripped() {
        seedNetwork();

        ec2.createTags(b -> b.resources("rtb-private").tags(Tag.builder().key("managed-by").value("opsnotify & co").build()));
        Map<String, String> afterCreate = aws.ec2().routeTable("rtb-private").tags();
        ec2.deleteTags(b -> b.resources("rtb-private").tags(Tag.builder().key("managed-by").build()));

        assertThat(afterCreate).containsEntry("managed-by", "opsnotify & co");
        assertThat(aws.ec2().routeTable("rtb-private").tags()).doesNotContainKey("managed-by");
    }

    @Test
    void describeVpcEndpoints_shouldReturnGatewayEndpointWithPolicyAndRouteTables_whenSeeded() {
        seedNetwork();
        String policy = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::amazonlinux-2-repos-ap-northeast-1/*\"}]}";
        aws.ec2().addVpcEndpoint("vpce-1", "vpc-1", "com.amazonaws.ap-northeast-1.s3", policy, List.of("rtb-private"));

        List<VpcEndpoint> endpoints = ec2.describeVpcEndpoints(b -> b.filters(
                filter("service-name", "com.amazonaws.ap-northeast-1.s3"))).vpcEndpoints();

        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e.vpcEndpointId()).isEqualTo("vpce-1");
            assertThat(e.vpcEndpointTypeAsString()).isEqualTo("Gateway");
            assertThat(e.policyDocument()).isEqualTo(policy);
            assertThat(e.routeTableIds()).containsExactly("rtb-private");
        });
    }

    // ---- call log and fault injection ----------------------------------------------------------

    @Test
    void mutatingCalls_shouldListOnlyWrites_whenReadsAndWritesWereMade() {
        seedNetwork();
        ec2.describeRouteTables();
        sns.listTopics();
        lambda.listFunctions();

        List<RecordedCall> readsOnly = aws.mutatingCalls();
        ec2.createRoute(b -> b.routeTableId("rtb-private").destinationCidrBlock("13.32.0.0/15").natGatewayId("nat-1"));

        assertThat(readsOnly).isEmpty();
        assertThat(aws.mutatingCalls()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo("CreateRoute");
            assertThat(c.params()).containsEntry("DestinationCidrBlock", "13.32.0.0/15");
            assertThat(c.status()).isEqualTo(200);
        });
    }

    @Test
    void failNext_shouldBeRetriedBySdk_whenSnsIsThrottledOnce() {
        aws.failNext("sns", "CreateTopic", "Throttling", 400, 1);

        String arn = sns.createTopic(b -> b.name("events")).topicArn();

        assertThat(arn).endsWith(":events");
        assertThat(aws.calls("sns", "CreateTopic")).extracting(RecordedCall::status).containsExactly(400, 200);
        assertThat(aws.calls("sns", "CreateTopic")).extracting(RecordedCall::attempt).containsExactly(1, 2);
    }

    @Test
    void failNext_shouldBeRetriedBySdk_whenEc2ReportsRequestLimitExceeded() {
        seedNetwork();
        aws.failNext("ec2", "DescribeSubnets", "RequestLimitExceeded", 503, 1);

        List<Subnet> subnets = ec2.describeSubnets().subnets();

        assertThat(subnets).hasSize(3);
        assertThat(aws.calls("ec2", "DescribeSubnets")).extracting(RecordedCall::status).containsExactly(503, 200);
    }

    @Test
    void failNext_shouldBeRetriedBySdk_whenLambdaReturnsTooManyRequests() {
        createFunction("notifier");
        aws.failNext("lambda", "GetFunctionConfiguration", "TooManyRequestsException", 429, 1);

        GetFunctionConfigurationResponse config = lambda.getFunctionConfiguration(b -> b.functionName("notifier"));

        assertThat(config.functionName()).isEqualTo("notifier");
        assertThat(aws.calls("lambda", "GetFunctionConfiguration")).extracting(RecordedCall::status)
                .containsExactly(429, 200);
    }

    @Test
    void failAlways_shouldSurfaceAccessDeniedWithoutRetry_whenActionIsForbidden() {
        seedNetwork();
        aws.failAlways("ec2", "CreateRoute", "UnauthorizedOperation", 403);

        assertThatThrownBy(() -> ec2.createRoute(b -> b.routeTableId("rtb-private").destinationCidrBlock("13.32.0.0/15")
                .natGatewayId("nat-1"))).isInstanceOfSatisfying(Ec2Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
                });
        assertThat(aws.calls("ec2", "CreateRoute")).hasSize(1);
        assertThat(aws.ec2().routeTable("rtb-private").routes()).hasSize(2);
    }

    @Test
    void failAlways_shouldFailOnlyThatAction_whenSnsAccessIsDeniedForPublish() {
        aws.failAlways("sns", "Publish", "AuthorizationError", 403);
        String topic = sns.createTopic(b -> b.name("events")).topicArn();

        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(topic).message("x")))
                .isInstanceOfSatisfying(SnsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("AuthorizationError"));
        assertThat(aws.calls("sns", "Publish")).hasSize(1);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private CreateFunctionResponse createFunction(String name) {
        return lambda.createFunction(b -> b.functionName(name).runtime(Runtime.JAVA21).role(ROLE)
                .handler("io.opsnotify.notifier.NotifierHandler::handleRequest").memorySize(512).timeout(30)
                .description("opsnotify").code(c -> c.zipFile(SdkBytes.fromByteArray(ZIP)))
                .environment(e -> e.variables(Map.of("DB_HOST", "replica.internal")))
                .tags(Map.of("app", "opsnotify")));
    }

    /** A function past its Pending state, without waiting for a waiter's one-second poll. */
    private void createActiveFunction(String name) {
        aws.lambda().settleAfterReads(0);
        createFunction(name);
        lambda.getFunction(b -> b.functionName(name));
    }

    private static String functionArn(String name) {
        return "arn:aws:lambda:ap-northeast-1:123456789012:function:" + name;
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private void seedNetwork() {
        Ec2Local e = aws.ec2();
        e.addVpc("vpc-1", "10.0.0.0/16");
        e.addVpc("vpc-2", "172.16.0.0/16");
        e.addSubnet("subnet-a", "vpc-1", "ap-northeast-1a", "10.0.1.0/24", 251).tag("Name", "private-a");
        e.addSubnet("subnet-c", "vpc-1", "ap-northeast-1c", "10.0.2.0/24", 251);
        e.addSubnet("subnet-other", "vpc-2", "ap-northeast-1a", "172.16.1.0/24", 100);
        e.addSecurityGroup("sg-1", "lambda", "vpc-1");
        e.addRouteTable("rtb-private", "vpc-1", "subnet-a", "subnet-c").addRoute("0.0.0.0/0", "nat-1").tag("Name", "private");
        e.addRouteTable("rtb-main", "vpc-1").main(true);
    }

    /** Every field path of a JSON document (e.g. {@code Records[].Sns.MessageAttributes.type.Value}). */
    private static Set<String> fieldPaths(JsonNode node) {
        Set<String> out = new TreeSet<>();
        collect(node, "", out);
        return out;
    }

    private static void collect(JsonNode node, String path, Set<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(path + "." + e.getKey());
                collect(e.getValue(), path + "." + e.getKey(), out);
            }
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, path + "[]", out));
        }
    }
}
