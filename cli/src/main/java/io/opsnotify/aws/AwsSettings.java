package io.opsnotify.aws;

import java.net.URI;
import java.util.Map;

/**
 * Where and as whom AWS is called: the values of --profile, --region and --endpoint-url, each
 * defaulting from the environment the AWS CLI reads (AWS_PROFILE, AWS_REGION then
 * AWS_DEFAULT_REGION, AWS_ENDPOINT_URL).
 *
 * @param env the process environment (credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
 *            AWS_SESSION_TOKEN, as the AWS CLI reads them)
 */
public record AwsSettings(String profile, String region, URI endpoint, Map<String, String> env) {

    public static AwsSettings resolve(String profileOption, String regionOption, String endpointOption,
                                      Map<String, String> env) {
        String profile = firstNonBlank(profileOption, env.get("AWS_PROFILE"));
        String region = firstNonBlank(regionOption, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        String endpoint = firstNonBlank(endpointOption, env.get("AWS_ENDPOINT_URL"));
        return new AwsSettings(profile, region, endpoint == null ? null : URI.create(endpoint), Map.copyOf(env));
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }

    /** One line saying where calls go, for plans and errors. */
    public String describe() {
        return (region == null ? "(no region)" : region) + (endpoint == null ? "" : " via " + endpoint)
                + (profile == null ? "" : ", profile " + profile);
    }
}
