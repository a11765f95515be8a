package io.opsnotify.notifier.config;

/**
 * One thing wrong with the configuration.
 *
 * @param line   1-based line in the file, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param path   the key path, e.g. {@code events.order.created.query}
 */
public record ConfigProblem(int line, int column, String path, String message) {
    @Override
    public String toString() {
        String where = line > 0 ? "line " + line + ":" + column + ": " : "";
        return where + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
