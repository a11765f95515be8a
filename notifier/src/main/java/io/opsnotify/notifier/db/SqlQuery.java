package io.opsnotify.notifier.db;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configured SELECT with its {@code :id} placeholders turned into JDBC {@code ?} markers, so
 * that the id is only ever bound through a prepared statement, never spliced into SQL.
 *
 * <p>Hand-written on purpose: the libraries that parse named parameters (spring-jdbc, jdbi) would
 * add megabytes to a Lambda jar to do this one scan. The scanner knows MySQL's lexical rules
 * where they matter: quoted strings with backslash and doubled-quote escapes, backtick
 * identifiers, {@code -- }, {@code #} and {@code /* *}{@code /} comments, and the {@code :=}
 * assignment operator.
 */
public final class SqlQuery {
    public static final String PARAMETER = "id";
    /**
     * Words that only occur in statements or clauses that write or lock: WITH ... DELETE/UPDATE,
     * SELECT ... INTO OUTFILE, FOR UPDATE, LOCK IN SHARE MODE. (INSERT() and REPLACE() are
     * string functions in MySQL, so those two are caught by INTO instead.)
     */
    private static final Pattern WRITES = Pattern.compile("(?i)\\b(UPDATE|DELETE|INTO|LOCK|OUTFILE|DUMPFILE)\\b");

    private final String source;
    private final String jdbcSql;
    private final int parameterCount;

    private SqlQuery(String source, String jdbcSql, int parameterCount) {
        this.source = source;
        this.jdbcSql = jdbcSql;
        this.parameterCount = parameterCount;
    }

    /** @throws IllegalArgumentException naming the problem */
    public static SqlQuery parse(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("query is empty");
        }
        String trimmed = sql.strip();
        String firstWord = trimmed.split("[\\s(]", 2)[0].toUpperCase(Locale.ROOT);
        if (!firstWord.equals("SELECT") && !firstWord.equals("WITH") && !trimmed.startsWith("(")) {
            throw new IllegalArgumentException("query must be a SELECT (it runs on a read replica), found '"
                    + firstWord + "'");
        }
        StringBuilder out = new StringBuilder(trimmed.length());
        StringBuilder code = new StringBuilder(trimmed.length()); // outside strings and comments
        int count = 0;
        int n = trimmed.length();
        int i = 0;
        while (i < n) {
            char c = trimmed.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = skipQuoted(trimmed, i, c);
                out.append(trimmed, i, end);
                code.append(' ');
                i = end;
            } else if (c == '#' || (c == '-' && i + 2 < n && trimmed.charAt(i + 1) == '-'
                    && Character.isWhitespace(trimmed.charAt(i + 2)))) {
                int end = trimmed.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(trimmed, i, end);
                code.append(' ');
                i = end;
            } else if (c == '/' && i + 1 < n && trimmed.charAt(i + 1) == '*') {
                int end = trimmed.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated /* comment");
                }
                out.append(trimmed, i, end + 2);
                code.append(' ');
                i = end + 2;
            } else if (c == ':' && i + 1 < n && Character.isJavaIdentifierStart(trimmed.charAt(i + 1))
                    && (i == 0 || trimmed.charAt(i - 1) != ':')) {
                int end = i + 1;
                while (end < n && Character.isJavaIdentifierPart(trimmed.charAt(end))) {
                    end++;
                }
                String name = trimmed.substring(i + 1, end);
                if (!name.equals(PARAMETER)) {
                    throw new IllegalArgumentException("unknown parameter :" + name
                            + " (only :id, the event's id, is bound)");
                }
                out.append('?');
                code.append(' ');
                count++;
                i = end;
            } else if (c == '?') {
                throw new IllegalArgumentException("query contains a '?' marker; use :id for the event's id");
            } else {
                out.append(c);
                code.append(c);
                i++;
            }
        }
        Matcher writes = WRITES.matcher(code);
        if (writes.find()) {
            throw new IllegalArgumentException("query must only read, found '" + writes.group(1).toUpperCase(Locale.ROOT)
                    + "' (the notifier runs it on a read replica)");
        }
        if (count == 0) {
            throw new IllegalArgumentException("query has no :id placeholder (the event's id is bound to it)");
        }
        return new SqlQuery(sql, out.toString(), count);
    }

    private static int skipQuoted(String s, int start, char quote) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2; // doubled quote
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated " + quote + " quote");
    }

    public String source() {
        return source;
    }

    /** The SQL handed to {@code Connection.prepareStatement}. */
    public String jdbcSql() {
        return jdbcSql;
    }

    /** How many {@code ?} markers take the id. */
    public int parameterCount() {
        return parameterCount;
    }

    @Override
    public String toString() {
        return jdbcSql;
    }
}
