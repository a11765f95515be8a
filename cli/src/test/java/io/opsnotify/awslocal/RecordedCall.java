package io.opsnotify.awslocal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;

/**
 * One request the endpoint received, in the order received.
 *
 * @param service  {@code sns}, {@code lambda} or {@code ec2}
 * @param action   the API operation, e.g. {@code CreateTopic}, {@code GetFunction}, {@code CreateRoute}
 * @param params   form parameters (query protocols) or path/query parameters (Lambda)
 * @param body     the request body as text (form body or JSON); empty for GET/DELETE
 * @param status   the HTTP status answered (including injected faults)
 * @param headers  request headers (lower-case names, first value), e.g. {@code content-type},
 *                 {@code x-amz-target}, {@code amz-sdk-request} ({@code attempt=2; max=4})
 */
public record RecordedCall(String service, String action, Map<String, String> params, String body,
        int status, Map<String, String> headers) {

    /** The SDK's attempt number from {@code amz-sdk-request}, or 0 when absent. */
    public int attempt() {
        String h = headers.get("amz-sdk-request");
        if (h == null) {
            return 0;
        }
        Matcher m = Pattern.compile("attempt=(\\d+)").matcher(h);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** True for anything that is not a Describe*, Get* or List* call. */
    public boolean mutating() {
        return !(action.startsWith("Describe") || action.startsWith("Get") || action.startsWith("List"));
    }
}
