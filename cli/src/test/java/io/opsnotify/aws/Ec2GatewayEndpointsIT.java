package io.opsnotify.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsnotify.awslocal.AwsLocal;
import io.opsnotify.awslocal.RecordedCall;
import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.s3policy.GatewayEndpoints;
import io.opsnotify.s3policy.GatewayEndpointsContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;

/**
 * The EC2 adapter of {@link GatewayEndpoints} over HTTP against the wire emulator, held to the
 * same contract as the in-memory fake; with pages of {@value #PAGE} so that a few items span pages.
 */
class Ec2GatewayEndpointsIT extends GatewayEndpointsContract {
    static final int PAGE = 5;

    AwsLocal aws;
    AwsClients clients;
    int subnets;

    @BeforeEach
    void start() {
        aws = AwsLocal.start();
        aws.ec2().addVpc(VPC, "10.0.0.0/16");
        aws.ec2().addVpc(OTHER_VPC, "10.1.0.0/16");
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
    protected GatewayEndpoints endpoints() {
        return new Ec2GatewayEndpoints(clients, PAGE);
    }

    @Override
    protected void addSubnet(String id, String vpcId) {
        int n = subnets++;
        aws.ec2().addSubnet(id, vpcId, "ap-northeast-1a", (vpcId.equals(VPC) ? "10.0." : "10.1.") + n + ".0/24", 251);
    }

    @Override
    protected void addRouteTable(String id, String vpcId, boolean main, String... subnetIds) {
        aws.ec2().addRouteTable(id, vpcId, subnetIds).main(main);
    }

    @Override
    protected void addEndpoint(String id, String vpcId, String serviceName, String policy, String... routeTableIds) {
        aws.ec2().addVpcEndpoint(id, vpcId, serviceName, policy, List.of(routeTableIds));
    }

    @Override
    protected void addEni(String id, String subnetId) {
        aws.ec2().addNetworkInterface(id, subnetId, "interface", "ENI " + id, List.of());
    }

    @Override
    protected void denyEverything() {
        for (String action : List.of("DescribeVpcEndpoints", "DescribeRouteTables", "DescribeSubnets",
                "DescribeNetworkInterfaces")) {
            aws.failAlways("ec2", action, "UnauthorizedOperation", 403);
        }
    }

    // ---- what only the wire shows -------------------------------------------------------------

    @Test
    void calls_shouldAskByEndpointIdAndByVpcAndSubnetFilters_readingEveryPage() {
        addSubnet(SUBNET_A, VPC);
        addRouteTable("rtb-0aaa1111", VPC, false, SUBNET_A);
        addEndpoint(VPCE, VPC, S3, POLICY, "rtb-0aaa1111");
        for (int i = 0; i < 7; i++) {
            addEni(String.format("eni-%017x", i), SUBNET_A);
        }
        GatewayEndpoints endpoints = endpoints();

        endpoints.endpoint(VPCE);
        endpoints.routeTables(VPC);
        endpoints.subnetIds(VPC);
        assertThat(endpoints.enis(List.of(SUBNET_A))).hasSize(7);

        assertThat(aws.calls("ec2", "DescribeVpcEndpoints").get(0).params()).containsEntry("VpcEndpointId.1", VPCE);
        assertThat(aws.calls("ec2", "DescribeRouteTables").get(0).params()).containsEntry("Filter.1.Name", "vpc-id")
                .containsEntry("Filter.1.Value.1", VPC).containsEntry("MaxResults", String.valueOf(PAGE));
        assertThat(aws.calls("ec2", "DescribeSubnets").get(0).params()).containsEntry("Filter.1.Name", "vpc-id")
                .containsEntry("Filter.1.Value.1", VPC);
        List<RecordedCall> pages = aws.calls("ec2", "DescribeNetworkInterfaces");
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).params()).containsEntry("Filter.1.Name", "subnet-id")
                .containsEntry("Filter.1.Value.1", SUBNET_A).doesNotContainKey("NextToken");
        assertThat(pages.get(1).params()).containsKey("NextToken");
        assertThat(aws.mutatingCalls()).isEmpty();
    }

    @Test
    void eni_shouldCarryTheInstanceItIsAttachedTo() {
        // the emulator has no instances: the mapping of an attachment, on the SDK's own model
        NetworkInterface attached = NetworkInterface.builder().networkInterfaceId("eni-1").subnetId(SUBNET_A)
                .attachment(a -> a.instanceId("i-0123456789abcdef0")).build();
        NetworkInterface lambda = NetworkInterface.builder().networkInterfaceId("eni-2").subnetId(SUBNET_A)
                .attachment(a -> a.attachmentId("ela-attach-1")).build();
        NetworkInterface detached = NetworkInterface.builder().networkInterfaceId("eni-3").subnetId(SUBNET_A).build();

        assertThat(Ec2GatewayEndpoints.eni(attached).instanceId()).isEqualTo("i-0123456789abcdef0");
        assertThat(Ec2GatewayEndpoints.eni(lambda).instanceId()).isNull();
        assertThat(Ec2GatewayEndpoints.eni(detached).instanceId()).isNull();
    }
}
