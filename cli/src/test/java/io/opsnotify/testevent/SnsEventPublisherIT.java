package io.opsnotify.testevent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.AwsSettings;
import io.opsnotify.aws.SnsEventPublisher;
import io.opsnotify.aws.SnsTopics;
import io.opsnotify.awslocal.AwsLocal;
import io.opsnotify.deploy.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The SNS adapter against the {@link EventPublisherContract}, over HTTP to the wire emulator. */
class SnsEventPublisherIT extends EventPublisherContract {
    static final ObjectMapper JSON = new ObjectMapper();
    AwsLocal aws;
    AwsClients clients;
    SnsEventPublisher adapter;

    @BeforeEach
    void start() {
        aws = AwsLocal.start();
        clients = new AwsClients(AwsSettings.resolve(null, null, null, Map.of("AWS_ACCESS_KEY_ID", "AKIATEST",
                "AWS_SECRET_ACCESS_KEY", "test-secret-key", "AWS_REGION", "ap-northeast-1",
                "AWS_ENDPOINT_URL", aws.endpoint().toString())));
        adapter = new SnsEventPublisher(clients);
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
    }

    @Override
    EventPublisher publisher() {
        return adapter;
    }

    /** The topic, with a lambda subscription so the emulator records each delivery as a subscriber receives it. */
    @Override
    String givenTopic(String name) {
        SnsTopics topics = new SnsTopics(clients);
        String arn = topics.create(name, Map.of());
        topics.subscribe(arn, new Topics.Subscription("lambda", "arn:aws:lambda:ap-northeast-1:123456789012:function:recorder"));
        return arn;
    }

    /** What the subscriber received: the SNS event's TopicArn, type attribute, Message and MessageId. */
    @Override
    List<InMemoryEventPublisher.Message> published() {
        return aws.sns().deliveries().stream().map(d -> {
            try {
                JsonNode sns = JSON.readTree(d.event()).path("Records").path(0).path("Sns");
                return new InMemoryEventPublisher.Message(sns.path("TopicArn").asText(),
                        sns.path("MessageAttributes").path("type").path("Value").asText(null),
                        sns.path("Message").asText(), sns.path("MessageId").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
