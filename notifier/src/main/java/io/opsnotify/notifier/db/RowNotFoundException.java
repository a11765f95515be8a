package io.opsnotify.notifier.db;

/** The event's row was not on the replica within the configured wait. */
public final class RowNotFoundException extends Exception {
    private static final long serialVersionUID = 1L;

    public RowNotFoundException(String message) {
        super(message);
    }
}
