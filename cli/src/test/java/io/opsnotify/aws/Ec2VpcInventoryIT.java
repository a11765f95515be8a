package io.opsnotify.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsnotify.awslocal.AwsLocal;
import io.opsnotify.awslocal.RecordedCall;
import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.vpc.VpcInventory;
import io.opsnotify.vpc.VpcInventoryContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.VpcConfigResponse;

/**
 * The EC2/Lambda adapter of {@link VpcInventory} over HTTP against the wire emulator, held to the
 * same contract as the in-memory fake; with pages of {@value #PAGE} so that a few items span pages.
 */
class Ec2VpcInventoryIT extends VpcInventoryContract {
    static final int PAGE = 5;

    AwsLocal aws;
    AwsClients clients;

    @BeforeEach
    void start() {
        aws = AwsLocal.start();
        aws.ec2().addVpc(VPC, "10.0.0.0/16");
        clients = new AwsClients(AwsSettings.resolve(null, "ap-northeast-1", aws.endpoint().toString(),
                Map.of("AWS_ACCESS_KEY_ID", "AKIATEST", "AWS_SECRET_ACCESS_KEY", "test-secret-key"),
                AwsTimeouts.STANDARD, Deadline.start(Duration.ofSeconds(60))));
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
    }

    @Override
    protected VpcInventory inventory() {
        return new Ec2VpcInventory(clients, PAGE);
    }

    @Override
    protected void addSubnet(String id, String az, String cidr, int freeIps) {
        aws.ec2().addSubnet(id, VPC, az, cidr, freeIps);
    }

    @Override
    protected void addSecurityGroup(String id) {
        aws.ec2().addSecurityGroup(id, "group " + id, VPC);
    }

    @Override
    protected void addEni(String id, String subnetId, String interfaceType, List<String> groupIds) {
        aws.ec2().addNetworkInterface(id, subnetId, interfaceType, "ENI " + id, groupIds);
    }

    @Override
    protected void addFunction(String name, List<String> subnetIds, List<String> groupIds) {
        clients.lambda().createFunction(b -> {
            b.functionName(name).runtime(Runtime.JAVA21).role("arn:aws:iam::123456789012:role/opsnotify")
                    .handler("io.opsnotify.notifier.NotifierHandler::handleRequest").memorySize(512)
                    .code(c -> c.zipFile(SdkBytes.fromUtf8String("PK\u0003\u0004 fake zip")));
            if (!subnetIds.isEmpty()) {
                b.vpcConfig(v -> v.subnetIds(subnetIds).securityGroupIds(groupIds));
            }
        });
        aws.clearCalls();
    }

    @Override
    protected void denyEverything() {
        for (String action : List.of("DescribeSubnets", "DescribeSecurityGroups", "DescribeNetworkInterfaces")) {
            aws.failAlways("ec2", action, "UnauthorizedOperation", 403);
        }
        aws.failAlways("lambda", "GetFunctionConfiguration", "AccessDeniedException", 403);
    }

    // ---- what only the wire shows -------------------------------------------------------------

    @Test
    void lambdaEnis_shouldAskWithFiltersAndReadEveryPage() {
        addSubnet(SUBNET_A, "ap-northeast-1a", "10.0.16.0/20", 4091);
        for (int i = 0; i < 7; i++) {
            addEni(String.format("eni-%017x", i), SUBNET_A, "lambda", List.of(SG));
        }

        assertThat(inventory().lambdaEnis(List.of(SUBNET_A))).hasSize(7);

        List<RecordedCall> pages = aws.calls("ec2", "DescribeNetworkInterfaces");
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).params()).containsEntry("MaxResults", String.valueOf(PAGE)).doesNotContainKey("NextToken")
                .containsEntry("Filter.1.Name", "interface-type").containsEntry("Filter.1.Value.1", "lambda")
                .containsEntry("Filter.2.Name", "subnet-id").containsEntry("Filter.2.Value.1", SUBNET_A);
        assertThat(pages.get(1).params()).containsKey("NextToken");
    }

    @Test
    void subnetsAndGroups_shouldBeAskedWithFilters_soThatAMissingIdDoesNotFailTheCall() {
        addSubnet(SUBNET_A, "ap-northeast-1a", "10.0.1.0/24", 251);
        addSecurityGroup(SG);

        inventory().subnets(List.of(SUBNET_A, "subnet-0fffffff"));
        inventory().existingSecurityGroups(List.of(SG, "sg-0dead0be"));

        assertThat(aws.calls("ec2", "DescribeSubnets").get(0).params()).containsEntry("Filter.1.Name", "subnet-id")
                .containsEntry("Filter.1.Value.1", SUBNET_A).containsEntry("Filter.1.Value.2", "subnet-0fffffff")
                .doesNotContainKey("SubnetId.1");
        assertThat(aws.calls("ec2", "DescribeSecurityGroups").get(0).params()).containsEntry("Filter.1.Name", "group-id")
                .doesNotContainKey("GroupId.1");
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @Test
    void subnets_shouldRideOutThrottling() {
        addSubnet(SUBNET_A, "ap-northeast-1a", "10.0.1.0/24", 251);
        aws.failNext("ec2", "DescribeSubnets", "RequestLimitExceeded", 503, 2);

        assertThat(inventory().subnets(List.of(SUBNET_A))).hasSize(1);

        assertThat(aws.calls("ec2", "DescribeSubnets")).extracting(RecordedCall::status).containsExactly(503, 503, 200);
    }

    @Test
    void functionVpc_shouldBeNotInAVpc_whenAwsAnswersWithEmptyLists() {
        // what GetFunctionConfiguration returns for a function whose VPC config was removed
        VpcConfigResponse emptied = VpcConfigResponse.builder().subnetIds(List.of()).securityGroupIds(List.of())
                .vpcId("").build();

        assertThat(Ec2VpcInventory.functionVpc(emptied)).isEqualTo(VpcInventory.FunctionVpc.NONE);
        assertThat(Ec2VpcInventory.functionVpc((VpcConfigResponse) null)).isEqualTo(VpcInventory.FunctionVpc.NONE);
    }
}
