package io.opsnotify.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.AwsSettings;
import io.opsnotify.aws.Ec2RouteTables;
import io.opsnotify.awslocal.AwsLocal;
import io.opsnotify.awslocal.Ec2Local;
import io.opsnotify.cloud.CloudException;
import io.opsnotify.awslocal.RecordedCall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The EC2 adapter of {@link RouteTables}, over HTTP to the wire emulator, held to the port's contract. */
class Ec2RouteTablesIT extends RouteTablesContract {
    private final AwsLocal aws = AwsLocal.start();
    private final AwsClients clients = new AwsClients(AwsSettings.resolve(null, null, null, Map.of(
            "AWS_ACCESS_KEY_ID", "AKIATEST", "AWS_SECRET_ACCESS_KEY", "test-secret-key", "AWS_REGION", "ap-northeast-1",
            "AWS_ENDPOINT_URL", aws.endpoint().toString())));
    private final Ec2RouteTables port = new Ec2RouteTables(clients);

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
    }

    @Override
    void seedVpc(String id, String primary, String... associated) {
        Ec2Local.Vpc vpc = aws.ec2().addVpc(id, primary);
        for (String c : associated) {
            vpc.associateCidr(c);
        }
    }

    @Override
    void seedNat(String id, String vpcId) {
        aws.ec2().addNatGateway(id, vpcId, "subnet-0a1b2c3d");
    }

    @Override
    void seedTable(String id, String vpcId) {
        aws.ec2().addRouteTable(id, vpcId);
    }

    @Override
    void seedRoute(String tableId, String destination, String natGatewayId) {
        aws.ec2().routeTable(tableId).addRoute(destination, natGatewayId);
    }

    @Override
    void seedGatewayRoute(String tableId, String destination, String gatewayId) {
        aws.ec2().routeTable(tableId).addGatewayRoute(destination, gatewayId);
    }

    @Override
    void denyNextCreateRoute() {
        aws.failNext("ec2", "CreateRoute", "UnauthorizedOperation", 403, 1);
    }

    @Override
    RouteTables port() {
        return port;
    }

    @Test
    void eachMethod_shouldBeOneEc2Call() {
        aws.clearCalls();

        port.tables(List.of(RTB));
        port.natGateway(NAT);
        port.vpcs(List.of(VPC));
        port.createRoute(RTB, "54.192.0.0/16", NAT);
        port.deleteRoute(RTB, "54.192.0.0/16");
        port.tag(RTB, Map.of("k", "v"));
        port.untag(RTB, List.of("k"));

        assertThat(aws.calls()).extracting(RecordedCall::action).containsExactly("DescribeRouteTables", "DescribeNatGateways",
                "DescribeVpcs", "CreateRoute", "DeleteRoute", "CreateTags", "DeleteTags");
    }

    @Test
    void anEndpointThatIsGone_shouldBeACloudException_notAnSdkOne() {
        aws.close();

        CloudException e = catchThrowableOfType(() -> port.createRoute(RTB, "54.192.0.0/16", NAT), CloudException.class);

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(CloudException.Kind.FAILED);
        assertThat(e.getMessage()).startsWith("could not call AWS: ");
    }
}
