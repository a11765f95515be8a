package io.opsnotify.awslocal;

import java.util.ArrayList;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP request as the AWS SDK sent it, with what the dispatcher needs already parsed out:
 * the SigV4 credential scope (service and region, signature not verified), the decoded path,
 * the query string and, for query-protocol services, the form-encoded body.
 */
final class AwsRequest {
    private static final Pattern SCOPE =
            Pattern.compile("Credential=[^/,]+/\\d{8}/([^/,]+)/([^/,]+)/aws4_request");

    final String method;
    /** Raw path as sent (still percent-encoded). */
    final String rawPath;
    final Map<String, List<String>> headers;
    final byte[] body;
    final Map<String, String> query;
    /** Raw query string (repeated keys such as {@code tagKeys=a&tagKeys=b} survive here), or null. */
    final String rawQuery;
    final String scopeService;
    final String region;
    /** Form parameters (query protocol); empty for other protocols. */
    final Map<String, String> form;

    AwsRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
            byte[] body, String defaultRegion) {
        this.method = method;
        this.rawPath = rawPath;
        this.headers = headers;
        this.body = body;
        this.query = parseForm(rawQuery);
        this.rawQuery = rawQuery;
        String auth = header("Authorization");
        Matcher m = auth == null ? null : SCOPE.matcher(auth);
        if (m != null && m.find()) {
            this.region = m.group(1);
            this.scopeService = m.group(2);
        } else {
            this.region = defaultRegion;
            this.scopeService = null;
        }
        String contentType = header("Content-Type");
        this.form = contentType != null && contentType.startsWith("application/x-www-form-urlencoded")
                ? parseForm(new String(body, StandardCharsets.UTF_8))
                : Map.of();
    }

    /** First value of a header, case-insensitively, or null. */
    String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Path segments, each percent-decoded (a function ARN arrives as {@code arn%3Aaws%3A...}). */
    List<String> pathSegments() {
        String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (p.isEmpty()) {
            return List.of();
        }
        String[] parts = p.split("/", -1);
        List<String> out = new ArrayList<>(parts.length);
        for (String part : parts) {
            out.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return Collections.unmodifiableList(out);
    }

    /** All values of a repeated query parameter. */
    List<String> queryValues(String name) {
        List<String> out = new ArrayList<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                    out.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    static Map<String, String> parseForm(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s == null || s.isEmpty()) {
            return out;
        }
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }
}
