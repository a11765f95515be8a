package io.opsnotify.notifier.db;

import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.notifier.event.EventId;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/** Fetches the one row an event points at. */
public interface RowSource extends AutoCloseable {

    /**
     * The row {@code query} selects for {@code id}, within the invocation's time: work done
     * before the query itself (resolving the database host, connecting) must not outlast
     * {@code deadline}; the query has its own timeout (database.queryTimeoutSeconds).
     *
     * @return column label to value as the database renders it as text (null for SQL NULL), in
     *         select order; empty when no row has that id (yet)
     */
    Optional<Map<String, String>> fetch(SqlQuery query, EventId id, Deadline deadline) throws SQLException;

    @Override
    void close();
}
