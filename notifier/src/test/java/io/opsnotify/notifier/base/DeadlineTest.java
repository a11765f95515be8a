package io.opsnotify.notifier.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlineTest {
    final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void cap_shouldGiveThePerCallLimit_whileMoreIsLeft_thenWhatIsLeft() {
        Deadline d = Deadline.start(Duration.ofSeconds(30), now::get);

        assertThat(d.cap(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(20));
        now.addAndGet(Duration.ofSeconds(25).toNanos());
        assertThat(d.cap(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.expired()).isFalse();
    }

    @Test
    void remaining_shouldBeZero_notNegative_afterTheLimit() {
        Deadline d = Deadline.start(Duration.ofSeconds(3), now::get);
        now.addAndGet(Duration.ofSeconds(4).toNanos());

        assertThat(d.remaining()).isZero();
        assertThat(d.expired()).isTrue();
        assertThat(d.cap(Duration.ofSeconds(10))).isZero();
        assertThat(d.elapsed()).isEqualTo(Duration.ofSeconds(4));
    }
}
