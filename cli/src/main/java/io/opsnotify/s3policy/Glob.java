package io.opsnotify.s3policy;

/**
 * IAM's wildcards: {@code *} any sequence (including {@code /} and {@code :}), {@code ?} any one
 * character; everything else literal. Actions compare case-insensitively, ARNs and condition
 * values case-sensitively.
 */
final class Glob {
    private Glob() {
    }

    /** Whether {@code pattern} matches all of {@code text}. */
    static boolean matches(String pattern, String text, boolean ignoreCase) {
        boolean[] states = start(pattern);
        for (int i = 0; i < text.length(); i++) {
            states = step(pattern, states, text.charAt(i), ignoreCase);
        }
        return states[pattern.length()];
    }

    /** Whether {@code pattern} matches at least one string that starts with {@code prefix}. */
    static boolean overlapsPrefix(String pattern, String prefix) {
        boolean[] states = advance(pattern, prefix);
        for (boolean s : states) {
            if (s) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code pattern} matches every string that starts with {@code prefix}: after the
     * prefix, the rest of the pattern is only {@code *}. (A union of other remainders that happens
     * to cover everything, such as {@code ?*} together with the empty rest, is not recognised.)
     */
    static boolean coversPrefix(String pattern, String prefix) {
        boolean[] states = advance(pattern, prefix);
        for (int j = 0; j < pattern.length(); j++) {
            if (states[j] && pattern.substring(j).chars().allMatch(c -> c == '*')) {
                return true;
            }
        }
        return false;
    }

    private static boolean[] advance(String pattern, String text) {
        boolean[] states = start(pattern);
        for (int i = 0; i < text.length(); i++) {
            states = step(pattern, states, text.charAt(i), false);
        }
        return states;
    }

    /** states[j]: the first j pattern characters have consumed the text so far. */
    private static boolean[] start(String pattern) {
        boolean[] s = new boolean[pattern.length() + 1];
        s[0] = true;
        return closeStars(pattern, s);
    }

    private static boolean[] step(String pattern, boolean[] states, char c, boolean ignoreCase) {
        boolean[] next = new boolean[pattern.length() + 1];
        for (int j = 0; j < pattern.length(); j++) {
            if (!states[j]) {
                continue;
            }
            char p = pattern.charAt(j);
            if (p == '*') {
                next[j] = true;
            } else if (p == '?' || p == c || ignoreCase && Character.toLowerCase(p) == Character.toLowerCase(c)) {
                next[j + 1] = true;
            }
        }
        return closeStars(pattern, next);
    }

    /** A {@code *} may match nothing: a state before it is also the state after it. */
    private static boolean[] closeStars(String pattern, boolean[] s) {
        for (int j = 0; j < pattern.length(); j++) {
            if (s[j] && pattern.charAt(j) == '*') {
                s[j + 1] = true;
            }
        }
        return s;
    }
}
