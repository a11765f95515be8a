package io.opsnotify.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.input.InputSource;
import io.opsnotify.notifier.base.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * Where ip-ranges.json comes from: AWS's URL (the default), another URL, a file, or the URL named
 * by an AmazonIpSpaceChanged SNS notification — then the download is checked against the
 * notification's md5, so a truncated or corrupt download is never applied.
 */
public final class RangesSource {
    public static final String DEFAULT_URL = "https://ip-ranges.amazonaws.com/ip-ranges.json";
    /** ip-ranges.json is ~2.6 MB today; anything past this is not it. */
    static final int MAX_BYTES = 64 * 1024 * 1024;
    static final int TIMEOUT_MS = 20_000;

    private final ObjectMapper json;

    public RangesSource(ObjectMapper json) {
        this.json = json;
    }

    /** The bytes fetched and where from; {@code expectedMd5} is set when a notification named it. */
    public record Fetched(byte[] bytes, String from, String expectedMd5, Long notifiedSyncToken) {
    }

    /** Thrown for a source that cannot be used; nothing has been changed when it is. */
    public static final class SourceException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SourceException(String message) {
            super(message);
        }
    }

    /** @param source a URL (http/https) or a file path; null for AWS's URL */
    public Fetched fetch(String source) {
        String s = source == null ? DEFAULT_URL : source;
        if (s.startsWith("https://") || s.startsWith("http://")) {
            return new Fetched(download(s), s, null, null);
        }
        try { // bounded like a download: the same MAX_BYTES
            return new Fetched(InputSource.of(s).readBytes("--source", MAX_BYTES), s, null, null);
        } catch (IOException e) { // unreadable or too large: the message names --source and the path
            throw new SourceException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new SourceException("--source " + SafeText.line(s) + ": not a file name: " + e.getMessage());
        }
    }

    /**
     * From an AmazonIpSpaceChanged notification: its bare message {@code {"create-time",
     * "synctoken","md5","url"}} or the SNS event / SNS HTTP notification that carries it.
     */
    public Fetched fetchNotified(byte[] notification, String overrideUrl) {
        JsonNode n;
        try {
            n = json.readTree(notification);
            if (n.path("Records").path(0).path("Sns").has("Message")) {
                n = json.readTree(n.path("Records").path(0).path("Sns").path("Message").asText());
            } else if (n.has("Message") && n.path("Message").isTextual()) {
                n = json.readTree(n.path("Message").asText());
            }
        } catch (IOException e) {
            throw new SourceException("the SNS message is not JSON: " + e.getMessage());
        }
        String md5 = n.path("md5").asText(null);
        String url = overrideUrl != null ? overrideUrl : n.path("url").asText(null);
        if (md5 == null || url == null || !n.has("synctoken")) {
            throw new SourceException("the SNS message is not an AmazonIpSpaceChanged notification (needs synctoken, md5, url)");
        }
        byte[] bytes = fetch(url).bytes();
        String actual = IpRangesParser.md5Hex(bytes);
        if (!actual.equalsIgnoreCase(md5)) {
            throw new SourceException("md5 mismatch: the notification says " + md5 + ", the download from " + url
                    + " has " + actual + " (" + bytes.length + " bytes): truncated or corrupt, nothing applied");
        }
        return new Fetched(bytes, url, md5, n.path("synctoken").asLong());
    }

    private static byte[] download(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(TIMEOUT_MS);
            c.setReadTimeout(TIMEOUT_MS);
            c.setInstanceFollowRedirects(true);
            int status = c.getResponseCode();
            if (status != 200) {
                throw new SourceException("download of " + url + " failed: HTTP " + status);
            }
            try (InputStream in = c.getInputStream()) {
                byte[] b = in.readNBytes(MAX_BYTES + 1);
                if (b.length > MAX_BYTES) {
                    throw new SourceException("download of " + url + " is larger than " + MAX_BYTES + " bytes");
                }
                return b;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new SourceException("download of " + url + " failed: " + e.getMessage());
        }
    }
}
