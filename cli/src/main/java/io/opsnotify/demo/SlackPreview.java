package io.opsnotify.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shows a Slack payload roughly as Slack displays it, in a terminal: markup the template wrote
 * becomes what it does ({@code <!here>} → {@code @here}, {@code <url|label>} → {@code label
 * (url)}), and escaped text becomes the characters a reader sees. So an escaped
 * {@code &lt;!channel&gt;} from the database shows as the harmless text {@code <!channel>}.
 */
public final class SlackPreview {
    private static final Pattern MARKUP = Pattern.compile("<([^<>]*)>");

    private SlackPreview() {
    }

    public static List<String> lines(JsonNode payload) {
        List<String> out = new ArrayList<>();
        JsonNode blocks = payload.path("blocks");
        if (!blocks.isArray() || blocks.isEmpty()) {
            addText(out, payload.path("text").asText(""));
            return out;
        }
        for (JsonNode b : blocks) {
            switch (b.path("type").asText()) {
                case "header" -> addText(out, "*" + b.path("text").path("text").asText() + "*");
                case "section" -> {
                    if (b.has("text")) {
                        addText(out, b.path("text").path("text").asText());
                    }
                    for (JsonNode f : b.path("fields")) {
                        addText(out, f.path("text").asText());
                    }
                }
                case "context" -> {
                    List<String> parts = new ArrayList<>();
                    b.path("elements").forEach(e -> parts.add(display(e.path("text").asText(""))));
                    out.add("  " + String.join("  ", parts));
                }
                case "divider" -> out.add("  ────────");
                default -> out.add("  [" + b.path("type").asText() + " block]");
            }
        }
        return out;
    }

    private static void addText(List<String> out, String mrkdwn) {
        for (String line : display(mrkdwn).split("\n", -1)) {
            out.add(line);
        }
    }

    /** mrkdwn → what a reader sees. */
    static String display(String mrkdwn) {
        Matcher m = MARKUP.matcher(mrkdwn);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            sb.append(unescape(mrkdwn.substring(last, m.start()))); // text: entities Slack decodes
            String inner = m.group(1);
            String shown;
            if (inner.startsWith("!")) {
                shown = "@" + inner.substring(1).replaceFirst("\\^.*", "") + " [real mention]";
            } else if (inner.startsWith("@") || inner.startsWith("#")) {
                shown = inner + " [real mention]";
            } else {
                int bar = inner.indexOf('|');
                shown = bar < 0 ? inner : inner.substring(bar + 1) + " (" + inner.substring(0, bar) + ")";
            }
            sb.append(unescape(shown));
            last = m.end();
        }
        sb.append(unescape(mrkdwn.substring(last)));
        return sb.toString();
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
