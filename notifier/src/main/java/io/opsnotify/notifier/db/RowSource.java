package io.opsnotify.notifier.db;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/** Fetches the one row an event points at. */
public interface RowSource extends AutoCloseable {

    /**
     * @return column label to value as the database renders it as text (null for SQL NULL), in
     *         select order; empty when no row has that id (yet)
     */
    Optional<Map<String, String>> fetch(SqlQuery query, Object id) throws SQLException;

    /**
     * {@link #fetch(SqlQuery, Object)} within a time budget: work done before the query itself
     * (resolving the database host, connecting) must not outlast it.
     */
    default Optional<Map<String, String>> fetch(SqlQuery query, Object id, io.opsnotify.notifier.base.Deadline deadline)
            throws SQLException {
        return fetch(query, id);
    }

    @Override
    void close();
}
