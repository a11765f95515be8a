package io.opsnotify.notifier.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A configured query, checked to be exactly one read-only SELECT, with its {@code :id}
 * placeholders turned into JDBC {@code ?} markers so that the id is only ever bound through a
 * prepared statement, never spliced into SQL.
 *
 * <p>The check is an allow-list on MySQL's lexical structure, not a search for bad words. A
 * small tokenizer that follows MySQL's lexer where it matters ({@code '…'}, {@code "…"} and
 * {@code `…`} with doubled-quote escapes, {@code #}, {@code -- } and {@code /* *}{@code /}
 * comments) splits the text into words, quoted tokens and punctuation; then
 * <ul>
 * <li>what it cannot be sure the server reads the same way is refused: versioned comments
 *     ({@code /*!…*}{@code /}, {@code /*M!…*}{@code /}: MySQL runs their content), a backslash in
 *     a quoted string (its meaning depends on the server's sql_mode, NO_BACKSLASH_ESCAPES), control
 *     characters, an unterminated quote or comment;</li>
 * <li>exactly one statement: no {@code ;} except one at the very end (dropped);</li>
 * <li>it is a {@code SELECT}, {@code (SELECT …)} or {@code WITH … SELECT}: after the common table
 *     expressions the statement must be a SELECT;</li>
 * <li>without a clause that writes or locks: {@code INTO} (OUTFILE, DUMPFILE, @var),
 *     {@code FOR UPDATE}, {@code FOR SHARE}, {@code LOCK IN SHARE MODE}.</li>
 * </ul>
 * The SQL handed to the driver is rebuilt from the tokens with every comment replaced by a
 * space, so the server never sees a comment it could read differently from us.
 *
 * <p>Hand-written on purpose: a SQL parser library (JSqlParser is ~1 MB and costs class loading
 * at cold start) would add to the Lambda jar to do this one scan; the session is also read-only
 * on the server ({@link JdbcRowSource}), so this check is one of two walls, not the only one.
 */
public final class SqlQuery {
    public static final String PARAMETER = "id";
    /** Reserved words that only occur in clauses that write or lock. */
    private static final Set<String> WRITES = Set.of("UPDATE", "DELETE", "INTO", "LOCK", "OUTFILE", "DUMPFILE");

    private final String source;
    private final String jdbcSql;
    private final int parameterCount;

    private SqlQuery(String source, String jdbcSql, int parameterCount) {
        this.source = source;
        this.jdbcSql = jdbcSql;
        this.parameterCount = parameterCount;
    }

    private enum Kind { WORD, QUOTED, PUNCT, PARAM }

    private record Token(Kind kind, String text) {
        boolean is(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isPunct(char c) {
            return kind == Kind.PUNCT && text.charAt(0) == c;
        }
    }

    /** @throws IllegalArgumentException naming the problem */
    public static SqlQuery parse(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("query is empty");
        }
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if ((c < ' ' && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                // MySQL's lexer stops a comment at NUL; refuse what we might read differently
                throw new IllegalArgumentException("query contains a control character (U+"
                        + String.format("%04X", (int) c) + ")");
            }
        }
        List<Token> tokens = new ArrayList<>();
        StringBuilder out = new StringBuilder(sql.length());
        tokenize(sql.strip(), tokens, out);
        // one statement: a ';' may only end it
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isPunct(';')) {
                if (i != tokens.size() - 1) {
                    throw new IllegalArgumentException("query must be exactly one statement, found ';' followed by more");
                }
                tokens.remove(i);
                out.setLength(out.lastIndexOf(";"));
            }
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("query is empty");
        }
        Token first = tokens.get(Math.min(skipOpenParens(tokens, 0), tokens.size() - 1));
        if (!first.is("SELECT") && !first.is("WITH")) {
            throw notSelect(first.text().toUpperCase(Locale.ROOT));
        }
        checkNoWrites(tokens);
        checkIsSelect(tokens);
        int count = (int) tokens.stream().filter(t -> t.kind() == Kind.PARAM).count();
        if (count == 0) {
            throw new IllegalArgumentException("query has no :id placeholder (the event's id is bound to it)");
        }
        return new SqlQuery(sql, out.toString().strip(), count);
    }

    private static void tokenize(String s, List<Token> tokens, StringBuilder out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = skipQuoted(s, i, c);
                tokens.add(new Token(Kind.QUOTED, s.substring(i, end)));
                out.append(s, i, end);
                i = end;
            } else if (c == '#' || (c == '-' && i + 2 < n && s.charAt(i + 1) == '-' && s.charAt(i + 2) <= ' ')) {
                int end = s.indexOf('\n', i); // MySQL ends these comments at \n only
                i = end < 0 ? n : end;
                out.append(' ');
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                if (s.startsWith("!", i + 2) || s.startsWith("M!", i + 2)) {
                    throw new IllegalArgumentException("versioned comments (/*! ... */, /*M! ... */) are refused: "
                            + "MySQL and MariaDB run their content as SQL");
                }
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated /* comment");
                }
                i = end + 2;
                out.append(' ');
            } else if (c == ':' && i + 1 < n && Character.isJavaIdentifierStart(s.charAt(i + 1))
                    && (i == 0 || s.charAt(i - 1) != ':')) {
                int end = i + 1;
                while (end < n && Character.isJavaIdentifierPart(s.charAt(end))) {
                    end++;
                }
                String name = s.substring(i + 1, end);
                if (!name.equals(PARAMETER)) {
                    throw new IllegalArgumentException("unknown parameter :" + name
                            + " (only :id, the event's id, is bound)");
                }
                tokens.add(new Token(Kind.PARAM, "?"));
                out.append('?');
                i = end;
            } else if (c == '?') {
                throw new IllegalArgumentException("query contains a '?' marker; use :id for the event's id");
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                out.append(c);
                i++;
            } else if (isWordChar(c)) {
                int end = i + 1;
                while (end < n && isWordChar(s.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(Kind.WORD, s.substring(i, end)));
                out.append(s, i, end);
                i = end;
            } else {
                tokens.add(new Token(Kind.PUNCT, String.valueOf(c)));
                out.append(c);
                i++;
            }
        }
    }

    /** Letters, digits, _ and $ (and anything beyond ASCII) make MySQL identifiers, keywords and numbers. */
    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7f;
    }

    private static void checkNoWrites(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() != Kind.WORD) {
                continue;
            }
            String w = t.text().toUpperCase(Locale.ROOT);
            if (WRITES.contains(w)) {
                throw new IllegalArgumentException("query must only read, found '" + w
                        + "' (the notifier runs it on a read replica)");
            }
            if (w.equals("FOR") && i + 1 < tokens.size() && tokens.get(i + 1).is("SHARE")) {
                throw new IllegalArgumentException("query must only read, found 'FOR SHARE' (it locks rows)");
            }
        }
    }

    /** SELECT, (SELECT …) or WITH [RECURSIVE] name [(cols)] AS (…) [, …] SELECT. */
    private static void checkIsSelect(List<Token> tokens) {
        int i = skipOpenParens(tokens, 0);
        Token first = i < tokens.size() ? tokens.get(i) : tokens.get(tokens.size() - 1);
        if (first.is("WITH")) {
            i++;
            if (i < tokens.size() && tokens.get(i).is("RECURSIVE")) {
                i++;
            }
            while (true) {
                if (i >= tokens.size() || tokens.get(i).kind() == Kind.PUNCT) {
                    throw notSelect("WITH without a name");
                }
                i++; // the name
                if (i < tokens.size() && tokens.get(i).isPunct('(')) {
                    i = skipGroup(tokens, i); // column list
                }
                if (i >= tokens.size() || !tokens.get(i).is("AS")) {
                    throw notSelect("WITH ... without AS (...)");
                }
                i++;
                if (i >= tokens.size() || !tokens.get(i).isPunct('(')) {
                    throw notSelect("WITH ... AS without (...)");
                }
                i = skipGroup(tokens, i);
                if (i < tokens.size() && tokens.get(i).isPunct(',')) {
                    i++;
                    continue;
                }
                break;
            }
            i = skipOpenParens(tokens, i);
            if (i >= tokens.size() || !tokens.get(i).is("SELECT")) {
                throw notSelect(i >= tokens.size() ? "nothing" : tokens.get(i).text().toUpperCase(Locale.ROOT)
                        + "' after WITH ... AS (...) '");
            }
            return;
        }
        if (!first.is("SELECT")) {
            throw notSelect(first.text().toUpperCase(Locale.ROOT));
        }
    }

    private static IllegalArgumentException notSelect(String found) {
        return new IllegalArgumentException("query must be a SELECT (it runs on a read replica), found '" + found + "'");
    }

    private static int skipOpenParens(List<Token> tokens, int i) {
        while (i < tokens.size() && tokens.get(i).isPunct('(')) {
            i++;
        }
        return i;
    }

    /** From an opening parenthesis to just after its match. */
    private static int skipGroup(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).isPunct('(')) {
                depth++;
            } else if (tokens.get(i).isPunct(')') && --depth == 0) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses");
    }

    private static int skipQuoted(String s, int start, char quote) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && quote != '`') {
                throw new IllegalArgumentException("a backslash inside a quoted string is refused: whether it escapes "
                        + "depends on the server's sql_mode (NO_BACKSLASH_ESCAPES); double the quote instead, or use CHAR(92)");
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

    /** The SQL handed to {@code Connection.prepareStatement}: comments removed, {@code :id} as {@code ?}. */
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
