package io.opsnotify.check;

/**
 * The one status of every opsnotify check (check-subnets, check-dns, validate-s3-endpoint,
 * sync-cf-routes), the monitoring-plugin states in increasing severity. The exit code is the
 * Nagios/Icinga plugin convention, the ordinal: OK 0, WARNING 1, CRITICAL 2, UNKNOWN 3.
 */
public enum CheckStatus {
    OK, WARNING, CRITICAL, UNKNOWN;

    /** The more severe of the two. */
    public CheckStatus worst(CheckStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** The process exit code monitoring reads. */
    public int exitCode() {
        return ordinal();
    }

    /** The summary line monitoring reads first: {@code "WARNING: " + detail}. */
    public String line(String detail) {
        return name() + ": " + detail;
    }
}
