package io.opsnotify.cli;

/**
 * The one exit-code contract of every opsnotify command, the Nagios/Icinga plugin convention so
 * that cron and monitoring can use any command as a check.
 */
public final class ExitCodes {
    /** Done / OK. */
    public static final int OK = 0;
    /** A check found problems (WARNING). */
    public static final int WARNING = 1;
    /** A check found critical problems, or the input (options, config, event) is invalid. */
    public static final int CRITICAL = 2;
    /** UNKNOWN: a remote system (database, Slack, AWS) failed or could not be reached. */
    public static final int UNKNOWN = 3;

    /** For picocli's {@code exitCodeList}: shown under "Exit codes:" in every --help. */
    public static final String[] HELP = {
        "0:OK: done, or the check found nothing wrong",
        "1:WARNING: the check found problems",
        "2:CRITICAL: the check found critical problems, or invalid input (options, config, event)",
        "3:UNKNOWN: a remote system (database, Slack, AWS) failed or could not be reached",
    };

    private ExitCodes() {
    }
}
