package io.opsnotify.aws;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The whole-command time limit ({@code -t/--timeout}): started when the command starts, asked
 * before and during every AWS call how much time is left, so that a command of many calls ends
 * within its limit however the time is spread over them.
 */
public final class Deadline {
    private final Duration limit;
    private final long startNanos;
    private final LongSupplier nanoClock;

    private Deadline(Duration limit, LongSupplier nanoClock) {
        this(limit, nanoClock, nanoClock.getAsLong());
    }

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
        return new Deadline(limit, System::nanoTime);
    }

    /** A deadline {@code limit} from an earlier {@link System#nanoTime()}, e.g. when the command started. */
    public static Deadline startedAt(Duration limit, long startNanos) {
        return new Deadline(limit, System::nanoTime, startNanos);
    }

    /** For tests: a deadline on a clock the test moves. */
    static Deadline start(Duration limit, LongSupplier nanoClock) {
        return new Deadline(limit, nanoClock);
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

    public boolean expired() {
        return remaining().isZero();
    }

    /** {@code perCall}, or the time left if that is shorter. */
    public Duration cap(Duration perCall) {
        Duration left = remaining();
        return perCall.compareTo(left) <= 0 ? perCall : left;
    }
}
