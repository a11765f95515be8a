package io.opsnotify.deploy;

import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.Ec2Network;
import io.opsnotify.awslocal.AwsLocal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

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
}
