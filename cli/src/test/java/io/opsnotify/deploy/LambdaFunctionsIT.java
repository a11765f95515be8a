package io.opsnotify.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.LambdaFunctions;
import io.opsnotify.awslocal.AwsLocal;
import io.opsnotify.cloud.CloudException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lambda adapter against the {@link FunctionsContract}, over HTTP to the wire emulator. */
class LambdaFunctionsIT extends FunctionsContract {
    AwsLocal aws;
    AwsClients clients;
    LambdaFunctions adapter;

    @BeforeEach
    void start() {
        aws = AwsLocal.start();
        AwsLocalClients.network(aws);
        clients = AwsLocalClients.of(aws);
        adapter = new LambdaFunctions(clients);
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
    }

    @Override
    Functions functions() {
        return adapter;
    }

    @Test
    void awaitActive_shouldPollUntilTheFunctionIsActive() {
        aws.lambda().settleAfterReads(3);
        adapter.create(NAME, SETTINGS, ZIP, TAGS, "test");

        adapter.awaitActive(NAME);

        assertThat(aws.lambda().function(NAME).state()).isEqualTo("Active");
        assertThat(aws.calls("lambda", "GetFunction")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void anAwsError_shouldLeaveAsACloudExceptionWithTheCodeAndOneLine() {
        aws.failAlways("lambda", "GetFunction", "AccessDeniedException", 403);

        assertThatThrownBy(() -> adapter.find(NAME)).isInstanceOfSatisfying(CloudException.class, e -> {
            assertThat(e.kind()).isEqualTo(CloudException.Kind.ACCESS_DENIED);
            assertThat(e.code()).isEqualTo("AccessDeniedException");
            assertThat(e.getMessage()).startsWith("AWS error AccessDeniedException").doesNotContain("\n");
        });
    }

    @Test
    void throttling_shouldBeRiddenOut() {
        aws.failNext("lambda", "CreateFunction", "TooManyRequestsException", 429, 2);

        adapter.create(NAME, SETTINGS, ZIP, TAGS, "test");

        assertThat(aws.calls("lambda", "CreateFunction")).hasSize(3);
    }
}
