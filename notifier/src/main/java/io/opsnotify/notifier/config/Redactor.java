package io.opsnotify.notifier.config;

import io.opsnotify.notifier.base.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes secret values from text that leaves the process (log lines, error messages, CLI output).
 * Third-party exceptions sometimes carry the URL they failed on (HttpURLConnection's
 * FileNotFoundException does); everything that crosses our boundary goes through here.
 * For a URL secret the path and query are redacted on their own as well, since that is where a
 * Slack webhook's token lives and a library may print only part of the URL.
 */
public final class Redactor {
    private static final int MIN_SECRET_LENGTH = 4;
    private final List<String> needles;

    public Redactor(Collection<Secret> secrets) {
        Set<String> all = new LinkedHashSet<>();
        for (Secret s : secrets) {
            if (s == null) {
                continue;
            }
            String v = s.reveal();
            add(all, v);
            try {
                URI u = URI.create(v);
                if (u.getScheme() != null && u.getRawPath() != null && u.getRawPath().length() > 1) {
                    add(all, u.getRawPath());
                    add(all, u.getPath());
                }
                if (u.getScheme() != null && u.getRawQuery() != null) {
                    add(all, u.getRawQuery());
                    add(all, u.getQuery());
                }
            } catch (IllegalArgumentException notAUrl) {
                // a password, not a URL: the whole value is enough
            }
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed()); // longest first
        this.needles = List.copyOf(sorted);
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    private static void add(Set<String> all, String v) {
        if (v != null && v.length() >= MIN_SECRET_LENGTH) {
            all.add(v);
        }
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String n : needles) {
            out = out.replace(n, Secret.MASK);
        }
        return out;
    }

    /**
     * Whether {@code text} holds a secret's value (or the path/query of a secret URL). Values
     * shorter than 4 characters are not secrets this can find (nor redact): they would match
     * ordinary text.
     */
    public boolean revealsSecret(String text) {
        if (text == null) {
            return false;
        }
        for (String n : needles) {
            if (text.contains(n)) {
                return true;
            }
        }
        return false;
    }

    /** The message of {@code t} and of its causes, redacted, as one line. */
    public String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Throwable cur = t;
        for (int depth = 0; cur != null && depth < 5; depth++, cur = cur.getCause()) {
            String m = cur.getMessage();
            String part = (m == null || m.isBlank()) ? cur.getClass().getSimpleName() : m;
            if (sb.indexOf(part) < 0) {
                if (sb.length() > 0) {
                    sb.append(": ");
                }
                sb.append(part);
            }
        }
        return redact(sb.toString().replace('\n', ' ').replace('\r', ' '));
    }
}
