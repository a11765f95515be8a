package io.opsnotify.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake against the {@link TopicsContract}, plus what only the fake offers tests. */
class InMemoryTopicsTest extends TopicsContract {
    final List<String> log = new ArrayList<>();
    InMemoryTopics fake;

    @BeforeEach
    void create() {
        fake = new InMemoryTopics(log);
    }

    @Override
    Topics topics() {
        return fake;
    }

    @Test
    void mutatingCalls_shouldBeLogged_andTagsKept() {
        String arn = fake.create("opsnotify-events", Map.of("team", "ops"));
        fake.subscriptions(arn);
        fake.subscribe(arn, new Topics.Subscription("lambda", FUNCTION));

        assertThat(log).containsExactly("sns:CreateTopic", "sns:Subscribe");
        assertThat(fake.tags(arn)).containsExactly(Map.entry("team", "ops"));
    }
}
