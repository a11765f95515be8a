package io.opsnotify.testevent;

import java.util.List;

/** The fake against the {@link EventPublisherContract}. */
class InMemoryEventPublisherTest extends EventPublisherContract {
    final InMemoryEventPublisher fake = new InMemoryEventPublisher();

    @Override
    EventPublisher publisher() {
        return fake;
    }

    @Override
    String givenTopic(String name) {
        return fake.topic(name);
    }

    @Override
    List<InMemoryEventPublisher.Message> published() {
        return fake.published;
    }
}
