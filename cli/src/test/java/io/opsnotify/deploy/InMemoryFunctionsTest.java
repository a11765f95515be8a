package io.opsnotify.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsnotify.cloud.CloudException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake against the {@link FunctionsContract}, plus what only the fake offers tests. */
class InMemoryFunctionsTest extends FunctionsContract {
    final List<String> log = new ArrayList<>();
    InMemoryFunctions fake;

    @BeforeEach
    void create() {
        fake = new InMemoryFunctions(log);
    }

    @Override
    Functions functions() {
        return fake;
    }

    @Test
    void anUpdate_shouldConflict_untilThePreviousOneWasAwaited() {
        fake.create(NAME, SETTINGS, ZIP, TAGS, "test");

        assertThatThrownBy(() -> fake.updateCode(NAME, ZIP)).as("still Pending")
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.code()).isEqualTo("ResourceConflictException"));
        fake.awaitActive(NAME);
        fake.updateCode(NAME, ZIP);
        assertThat(fake.settled(NAME)).isFalse();
        fake.awaitUpdated(NAME);
        assertThat(fake.settled(NAME)).isTrue();
    }

    @Test
    void mutatingCalls_shouldBeLogged_andInjectedFaultsAnswered() {
        fake.faults.failNext("PutFunctionConcurrency", CloudFaults.accessDenied("Lambda"), 1);
        created();

        assertThatThrownBy(() -> fake.putReservedConcurrency(NAME, 5)).isInstanceOf(CloudException.class);
        fake.putReservedConcurrency(NAME, 5);
        fake.find(NAME);

        assertThat(log).containsExactly("lambda:CreateFunction", "lambda:PutFunctionConcurrency",
                "lambda:PutFunctionConcurrency");
    }
}
