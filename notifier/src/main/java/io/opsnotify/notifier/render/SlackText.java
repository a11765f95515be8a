package io.opsnotify.notifier.render;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Escaping and truncation rules for text that Slack will render. */
public final class SlackText {
    /** Appended where text was cut, so that readers know there is more in the database. */
    public static final String TRUNCATION_MARK = "… (truncated)";

    private SlackText() {
    }

    /**
     * Escapes a value for Slack mrkdwn: {@code & < >} become entities, which is all Slack needs
     * (api.slack.com/reference/surfaces/formatting). After this, {@code <!channel>},
     * {@code <@U123>} and {@code <https://evil|bank>} are shown as text and never act.
     */
    public static String escapeMrkdwn(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                default -> null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? value : sb.toString();
    }

    /** Percent-encodes a value placed into a URL field ({@code url}, {@code image_url}, ...). */
    public static String encodeUrlComponent(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Cuts {@code text} to at most {@code max} chars including {@link #TRUNCATION_MARK}. Never
     * cuts inside a surrogate pair, an {@code &...;} entity or a {@code <...>} link or mention
     * the template wrote, so the cut itself can neither show garbage nor form markup.
     */
    public static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        if (max <= TRUNCATION_MARK.length()) {
            return max <= 0 ? "" : "…"; // no room for text and the full mark
        }
        int keep = Math.max(0, max - TRUNCATION_MARK.length());
        int cut = keep;
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        int amp = text.lastIndexOf('&', cut - 1);
        int semi = amp < 0 ? -1 : text.indexOf(';', amp);
        if (amp >= 0 && cut - amp <= 8 && (semi < 0 || semi >= cut)) {
            cut = amp; // inside an entity such as &amp;
        }
        int open = text.lastIndexOf('<', cut - 1);
        if (open >= 0 && text.lastIndexOf('>', cut - 1) < open) {
            cut = open; // inside <url|label> or <!here>
        }
        return text.substring(0, Math.max(0, cut)) + TRUNCATION_MARK;
    }
}
