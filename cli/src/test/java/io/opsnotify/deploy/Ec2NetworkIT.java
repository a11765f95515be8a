package io.opsnotify.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.Ec2Network;
import io.opsnotify.awslocal.AwsLocal;
import org.junit.jupiter.api.AfterEach;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The EC2 adapter against the {@link NetworkContract}, over HTTP to the wire emulator. */
class Ec2NetworkIT extends NetworkContract {
    AwsLocal aws;
    AwsClients clients;
    Ec2Network adapter;

    @BeforeEach
    void start() {
        aws = AwsLocal.start();
        AwsLocalClients.network(aws);
        clients = AwsLocalClients.of(aws);
        adapter = new Ec2Network(clients);
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
    }

    @Override
    Network network() {
        return adapter;
    }

    @Test
    void throttling_shouldBeRiddenOut() {
        aws.failNext("ec2", "DescribeSubnets", "RequestLimitExceeded", 503, 1);

        assertThat(adapter.subnets(List.of("subnet-0a1b2c3d"))).hasSize(1);
        assertThat(aws.calls("ec2", "DescribeSubnets")).hasSize(2);
    }
}
