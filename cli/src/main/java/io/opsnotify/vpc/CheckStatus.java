package io.opsnotify.vpc;

/** The monitoring-plugin states, in increasing severity (the ordinal is the Nagios/Icinga exit code). */
public enum CheckStatus {
    OK, WARNING, CRITICAL, UNKNOWN;

    public CheckStatus worst(CheckStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
