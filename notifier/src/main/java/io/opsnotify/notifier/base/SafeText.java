package io.opsnotify.notifier.base;

/**
 * Makes a value safe to show on an operator's terminal or in a log line. Values that come from
 * outside (events, database rows, policies, ranges files, AWS and Slack error messages) may hold
 * ESC sequences that rewrite the screen, CR or LF that forge a log line, BEL, or bidi overrides
 * that show text in another order than it is stored.
 *
 * <p>An allow-list, not a list of known attacks: every code point that Unicode classes as a
 * control, format, separator (line/paragraph), surrogate, private-use or unassigned character is
 * written as {@code \}{@code uXXXX} (beyond the BMP: its surrogate pair, two such escapes, so a
 * JSON log line stays valid JSON); everything else,
 * including any printable non-ASCII text, passes unchanged. A backslash itself passes unchanged,
 * so escaped output stays readable; what matters is that no raw control character gets through.
 */
public final class SafeText {
    private SafeText() {
    }

    /** For a value inside one line: nothing in it can start a new line or act on the terminal. */
    public static String line(CharSequence s) {
        return escape(s, false);
    }

    /**
     * For multi-line text the program itself lays out (a message preview, a report): LF and TAB
     * stay, every other control or format character is escaped.
     */
    public static String block(CharSequence s) {
        return escape(s, true);
    }

    /** Whether {@link #line} would change {@code s}. */
    public static boolean isSafeLine(CharSequence s) {
        return s == null || line(s).contentEquals(s);
    }

    private static String escape(CharSequence s, boolean keepLayout) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        int n = s.length();
        for (int i = 0; i < n; ) {
            int cp = Character.codePointAt(s, i);
            int width = Character.charCount(cp);
            boolean safe = isPrintable(cp) || (keepLayout && (cp == '\n' || cp == '\t'));
            if (!safe && out == null) {
                out = new StringBuilder(n + 16).append(s, 0, i);
            }
            if (out != null) {
                if (safe) {
                    out.appendCodePoint(cp);
                } else {
                    // beyond the BMP as its surrogate pair, so the result is also a valid JSON or Java escape
                    for (char c : Character.toChars(cp)) {
                        out.append(String.format("\\u%04X", (int) c));
                    }
                }
            }
            i += width;
        }
        return out == null ? s.toString() : out.toString();
    }

    private static boolean isPrintable(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
                return false;
            default:
                return true;
        }
    }
}
