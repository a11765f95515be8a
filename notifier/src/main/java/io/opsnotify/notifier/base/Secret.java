package io.opsnotify.notifier.base;

import java.util.Objects;

/**
 * A configuration value that must never be printed: webhook URLs, passwords.
 * {@link #toString()} is masked so that a secret concatenated into a message or logged by
 * accident shows as {@code ****}; only {@link #reveal()} gives the value, at the one place that
 * uses it (the HTTP connection, the JDBC properties).
 */
public final class Secret {
    public static final String MASK = "****";
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
