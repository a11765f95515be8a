package io.opsnotify.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.SnsTopics;
import io.opsnotify.awslocal.AwsLocal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SNS adapter against the {@link TopicsContract}, over HTTP to the wire emulator (pages of 100). */
class SnsTopicsIT extends TopicsContract {
    AwsLocal aws;
    AwsClients clients;
    SnsTopics adapter;

    @BeforeEach
    void start() {
        aws = AwsLocal.start();
        clients = AwsLocalClients.of(aws);
        adapter = new SnsTopics(clients);
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
    }

    @Override
    Topics topics() {
        return adapter;
    }

    @Test
    void create_shouldTagTheTopic() {
        adapter.create("opsnotify-events", TAGS);

        assertThat(aws.sns().topic("opsnotify-events").tags()).isEqualTo(TAGS);
    }
}
