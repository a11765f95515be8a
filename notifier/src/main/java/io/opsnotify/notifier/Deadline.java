package io.opsnotify.notifier;

/**
 * When the current invocation must be finished by. In Lambda it is derived from
 * {@code Context.getRemainingTimeInMillis()} minus a margin for logging and returning; every
 * retry loop asks it before waiting, so retries never run the function into its timeout.
 */
public final class Deadline {
    private final long deadlineNanos;

    private Deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    public static Deadline inMillis(long millis) {
        return new Deadline(System.nanoTime() + millis * 1_000_000L);
    }

    public long remainingMillis() {
        return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000L);
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
