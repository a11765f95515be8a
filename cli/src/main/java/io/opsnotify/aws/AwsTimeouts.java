package io.opsnotify.aws;

import io.opsnotify.notifier.base.Deadline;
import java.time.Duration;

/**
 * How long opsnotify waits for AWS. {@code command} is the default of {@code -t/--timeout} (the
 * whole command); each call gets at most {@code call} (all its attempts and the back-off between
 * them), each attempt at most {@code attempt} (the url-connection client's read timeout too), a
 * TCP connect at most {@code connect}; none of them more than what is left of the command's
 * {@link Deadline}.
 *
 * <p>Why these numbers: monitoring runs checks with a 10–60 s budget (Nagios' default service
 * check timeout is 60 s), so a whole command gets 30 s. An AWS API call that answers at all
 * answers in well under a second; 10 s per attempt leaves room for a slow region while a hung
 * endpoint costs at most 10 s before the retry, and 20 s per call leaves time for a second
 * attempt and for the calls after it. Deploy uploads the function package (tens of MB) and waits
 * for Lambda to finish updating, so it gets 300 s, 60 s per attempt and 120 s per call.
 */
public record AwsTimeouts(Duration command, Duration call, Duration attempt, Duration connect) {
    /** Every AWS command but deploy. */
    public static final AwsTimeouts STANDARD = new AwsTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(20),
            Duration.ofSeconds(10), Duration.ofSeconds(3));
    /** deploy: a package upload and Lambda's update waiters. */
    public static final AwsTimeouts DEPLOY = new AwsTimeouts(Duration.ofSeconds(300), Duration.ofSeconds(120),
            Duration.ofSeconds(60), Duration.ofSeconds(3));
    /** The largest --timeout accepted: a day (a larger one is a typo, and would overflow nothing but patience). */
    public static final long MAX_SECONDS = 86_400;

    /** These per-call limits under a whole-command limit of {@code seconds}. */
    public AwsTimeouts withCommand(long seconds) {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new InvalidAwsInputException("--timeout must be 1.." + MAX_SECONDS + " seconds, not " + seconds);
        }
        return new AwsTimeouts(Duration.ofSeconds(seconds), call, attempt, connect);
    }
}
