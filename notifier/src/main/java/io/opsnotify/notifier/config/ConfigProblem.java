package io.opsnotify.notifier.config;

/**
 * One thing wrong with the configuration.
 *
 * @param kind   what sort of problem it is: code that reacts to problems decides on this, never
 *               on the message text
 * @param line   1-based line in the file, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param path   the key path, e.g. {@code events.order.created.query}
 */
public record ConfigProblem(Kind kind, int line, int column, String path, String message) {

    /** What sort of problem; the message says the particulars. */
    public enum Kind {
        /** The file cannot be used as a whole: not found, unreadable, larger than the limit. */
        FILE,
        /** Not valid YAML, or not a mapping at the top. */
        SYNTAX,
        /** A key or section missing, unknown or repeated; a value of the wrong shape, range or pattern. */
        INVALID,
        /** {@code ${env:NAME}} names a variable that is not set (deploy says where to set it). */
        MISSING_ENV,
        /** A malformed {@code ${env:NAME}} reference. */
        MALFORMED_ENV,
        /** A template or query refers to a secret, by name or by value. */
        SECRET_IN_TEMPLATE,
        /** A secret written into the file where it would travel with it (deploy requires a reference). */
        SECRET_LITERAL,
        /** database.url is refused. */
        DATABASE_URL,
        /** A query that does not parse or is refused. */
        QUERY,
        /** A message template (text or blocks) that does not compile. */
        TEMPLATE,
        /** A webhook URL that cannot be used. */
        WEBHOOK
    }

    @Override
    public String toString() {
        String where = line > 0 ? "line " + line + ":" + column + ": " : "";
        return where + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
