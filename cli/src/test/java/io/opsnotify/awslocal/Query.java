package io.opsnotify.awslocal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Helpers shared by the two query-protocol services (SNS's AWS query and EC2's variant of it):
 * reading indexed form parameters and writing XML with proper escaping.
 *
 * <p>SNS serialises lists as {@code Tags.member.1.Key} and maps as
 * {@code MessageAttributes.entry.1.Name}; EC2 serialises lists flat as {@code SubnetId.1} and
 * filters as {@code Filter.1.Name} / {@code Filter.1.Value.1}.
 */
final class Query {
    private Query() {
    }

    /** Escapes the five XML special characters {@code & < > " '}. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String requestId() {
        return UUID.randomUUID().toString();
    }

    /** {@code prefix.1}, {@code prefix.2}, ... until the first gap (EC2 flat lists, e.g. {@code SubnetId.N}). */
    static List<String> list(Map<String, String> form, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 1; form.containsKey(prefix + "." + i); i++) {
            out.add(form.get(prefix + "." + i));
        }
        return out;
    }

    /**
     * Indexed structures: for {@code prefix=Tags.member} returns, per index N, the map of
     * sub-keys below {@code Tags.member.N.} (e.g. {@code Key}, {@code Value}).
     */
    static List<Map<String, String>> structs(Map<String, String> form, String prefix) {
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 1; ; i++) {
            String p = prefix + "." + i + ".";
            Map<String, String> s = new LinkedHashMap<>();
            form.forEach((k, v) -> {
                if (k.startsWith(p)) {
                    s.put(k.substring(p.length()), v);
                }
            });
            if (s.isEmpty()) {
                return out;
            }
            out.add(s);
        }
    }

    /** EC2 filters: {@code Filter.N.Name} with {@code Filter.N.Value.M}. */
    static Map<String, List<String>> filters(Map<String, String> form) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map<String, String> f : structs(form, "Filter")) {
            out.put(f.get("Name"), list(f, "Value"));
        }
        return out;
    }

    /** EC2 filter value matching: {@code *} and {@code ?} are wildcards, everything else literal. */
    static boolean globMatches(String pattern, String value) {
        if (value == null) {
            return false;
        }
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches(re.toString());
    }

    /** Small XML writer (a fragment unless made with {@link #document()}): {@code x.open("a").leaf("b", "v").close("a")}; every text is escaped. */
    static final class Xml {
        private final StringBuilder b = new StringBuilder();

        /** A whole document: starts with the XML declaration. */
        static Xml document() {
            Xml x = new Xml();
            x.b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            return x;
        }

        /** Appends another writer's output (a fragment). */
        Xml raw(Xml fragment) {
            b.append(fragment.b);
            return this;
        }

        Xml root(String name, String namespace) {
            b.append('<').append(name).append(" xmlns=\"").append(escape(namespace)).append("\">");
            return this;
        }

        Xml open(String name) {
            b.append('<').append(name).append('>');
            return this;
        }

        Xml close(String name) {
            b.append("</").append(name).append('>');
            return this;
        }

        /** An element with text; nothing at all when value is null (absent, not empty). */
        Xml leaf(String name, Object value) {
            if (value != null) {
                b.append('<').append(name).append('>').append(escape(String.valueOf(value)))
                        .append("</").append(name).append('>');
            }
            return this;
        }

        /** EC2 {@code <tagSet><item><key/><value/></item>...</tagSet>}. */
        Xml tagSet(Map<String, String> tags) {
            open("tagSet");
            tags.forEach((k, v) -> open("item").leaf("key", k).leaf("value", v).close("item"));
            return close("tagSet");
        }

        @Override
        public String toString() {
            return b.toString();
        }
    }
}
