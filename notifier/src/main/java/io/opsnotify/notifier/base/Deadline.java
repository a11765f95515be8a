package io.opsnotify.notifier.base;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When the current piece of work must be finished by: a Lambda invocation (derived from
 * {@code Context.getRemainingTimeInMillis()} minus a margin for logging and returning) or a CLI
 * command ({@code -t/--timeout}, started when the command starts). Every retry loop and every
 * remote call asks it how much time is left before waiting, so that work of many steps ends
 * within its limit however the time is spread over them.
 */
public final class Deadline {
    private final Duration limit;
    private final long startNanos;
    private final LongSupplier nanoClock;

    private Deadline(Duration limit, LongSupplier nanoClock, long startNanos) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("a deadline needs a positive limit, not " + limit);
        }
        this.limit = limit;
        this.nanoClock = nanoClock;
        this.startNanos = startNanos;
    }

    /** A deadline {@code limit} from now. */
    public static Deadline start(Duration limit) {
        return new Deadline(limit, System::nanoTime, System.nanoTime());
    }

    /** A deadline {@code limit} from an earlier {@link System#nanoTime()}, e.g. when the command started. */
    public static Deadline startedAt(Duration limit, long startNanos) {
        return new Deadline(limit, System::nanoTime, startNanos);
    }

    /**
     * A deadline {@code millis} from now; 0 or less gives one that has already passed (a Lambda
     * context with no time left), which every caller treats as "no time for another attempt".
     */
    public static Deadline inMillis(long millis) {
        long now = System.nanoTime();
        return millis > 0 ? new Deadline(Duration.ofMillis(millis), System::nanoTime, now)
                : new Deadline(Duration.ofNanos(1), System::nanoTime, now - 1);
    }

    /** For tests: a deadline on a clock the test moves. */
    public static Deadline start(Duration limit, LongSupplier nanoClock) {
        return new Deadline(limit, nanoClock, nanoClock.getAsLong());
    }

    public Duration limit() {
        return limit;
    }

    public Duration elapsed() {
        return Duration.ofNanos(nanoClock.getAsLong() - startNanos);
    }

    /** Time left, never negative. */
    public Duration remaining() {
        Duration left = limit.minus(elapsed());
        return left.isNegative() ? Duration.ZERO : left;
    }

    public long remainingMillis() {
        return remaining().toMillis();
    }

    public boolean expired() {
        return remaining().isZero();
    }

    /** {@code perCall}, or the time left if that is shorter. */
    public Duration cap(Duration perCall) {
        Duration left = remaining();
        return perCall.compareTo(left) <= 0 ? perCall : left;
    }

    /** True when waiting {@code millis} and then doing {@code thenMillis} of work still fits. */
    public boolean allows(long millis, long thenMillis) {
        return remainingMillis() >= millis + thenMillis;
    }

    /** Sleeps, never past the deadline. */
    public void sleep(long millis) throws InterruptedException {
        long ms = Math.min(millis, remainingMillis());
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
