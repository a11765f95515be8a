package io.opsnotify.awslocal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a service hands back to the server: status, content type, extra headers, body. */
final class AwsResponse {
    final int status;
    final String contentType;
    final Map<String, String> headers = new LinkedHashMap<>();
    final byte[] body;

    AwsResponse(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    static AwsResponse xml(int status, String xml) {
        return new AwsResponse(status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    static AwsResponse json(int status, String json) {
        return new AwsResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static AwsResponse empty(int status) {
        return new AwsResponse(status, null, new byte[0]);
    }

    AwsResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
