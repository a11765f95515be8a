package io.opsnotify.notifier.db;

import io.opsnotify.notifier.base.Secret;
import java.util.List;

/**
 * The read replica. {@code url} is a jdbc:mariadb:// URL that {@link JdbcUrl#check} accepted
 * (jdbc:mysql:// is mapped to it at load). Timeouts bound every call the notifier makes.
 *
 * @param replicaLagWaitMs how long a missing row is retried before the event fails with
 *                         "row not found" (a fresh row may not have reached the replica yet)
 */
public record DatabaseConfig(
        String url,
        String user,
        Secret password,
        int queryTimeoutSeconds,
        int connectTimeoutMs,
        int replicaLagWaitMs) {

    public static final int DEFAULT_QUERY_TIMEOUT_SECONDS = 5;
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 3000;
    public static final int DEFAULT_REPLICA_LAG_WAIT_MS = 5000;

    /** Secrets written inside the URL (its password option, ...): masked like {@link #password()}. */
    public List<Secret> urlSecrets() {
        return JdbcUrl.secretValues(url).stream().map(Secret::of).toList();
    }

    public DatabaseConfig withReplicaLagWaitMs(int ms) {
        return new DatabaseConfig(url, user, password, queryTimeoutSeconds, connectTimeoutMs, ms);
    }
}
