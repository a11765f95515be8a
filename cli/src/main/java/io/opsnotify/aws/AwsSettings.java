package io.opsnotify.aws;

import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.notifier.base.SafeText;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Where and as whom AWS is called, and for how long: the values of --profile, --region,
 * --endpoint-url and --timeout, each defaulting from the environment the AWS CLI reads
 * (AWS_PROFILE, AWS_REGION then AWS_DEFAULT_REGION, AWS_ENDPOINT_URL, AWS_CONFIG_FILE,
 * AWS_SHARED_CREDENTIALS_FILE). {@link #resolve} checks every value's shape before anything is
 * called ({@link AwsInput}); a profile must exist in the AWS config or credentials file.
 *
 * @param env      the process environment (credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
 *                 AWS_SESSION_TOKEN, as the AWS CLI reads them)
 * @param timeouts the per-call limits
 * @param deadline the whole command's limit, started when the command started
 */
public record AwsSettings(String profile, String region, URI endpoint, Map<String, String> env,
                          AwsTimeouts timeouts, Deadline deadline) {

    /** With the standard timeouts, the deadline starting now. */
    public static AwsSettings resolve(String profileOption, String regionOption, String endpointOption,
                                      Map<String, String> env) {
        return resolve(profileOption, regionOption, endpointOption, env, AwsTimeouts.STANDARD,
                Deadline.start(AwsTimeouts.STANDARD.command()));
    }

    /**
     * @throws InvalidAwsInputException for a region, endpoint or profile that cannot be right
     */
    public static AwsSettings resolve(String profileOption, String regionOption, String endpointOption,
                                      Map<String, String> env, AwsTimeouts timeouts, Deadline deadline) {
        String profile = firstNonBlank(profileOption, env.get("AWS_PROFILE"));
        String region = firstNonBlank(regionOption, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        String endpoint = firstNonBlank(endpointOption, env.get("AWS_ENDPOINT_URL"));
        if (region != null) {
            AwsInput.region(region, source(regionOption, "--region",
                    env.get("AWS_REGION") != null && !env.get("AWS_REGION").isBlank() ? "AWS_REGION" : "AWS_DEFAULT_REGION"));
        }
        URI uri = endpoint == null ? null : AwsInput.endpoint(endpoint, source(endpointOption, "--endpoint-url", "AWS_ENDPOINT_URL"));
        if (profile != null) {
            requireProfile(profile, source(profileOption, "--profile", "AWS_PROFILE"), env);
        }
        return new AwsSettings(profile, region, uri, Map.copyOf(env), timeouts, deadline);
    }

    /** The AWS config and credentials files the AWS CLI would read (missing ones are empty). */
    public static ProfileFile profileFile(Map<String, String> env) {
        String home = firstNonBlank(env.get("HOME"), System.getProperty("user.home"));
        Path config = Path.of(firstNonBlank(env.get("AWS_CONFIG_FILE"), home + "/.aws/config"));
        Path credentials = Path.of(firstNonBlank(env.get("AWS_SHARED_CREDENTIALS_FILE"), home + "/.aws/credentials"));
        ProfileFile.Aggregator all = ProfileFile.aggregator();
        if (Files.isRegularFile(credentials)) {
            all.addFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build());
        }
        if (Files.isRegularFile(config)) {
            all.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
        }
        return all.build();
    }

    private static void requireProfile(String profile, String option, Map<String, String> env) {
        ProfileFile files = profileFile(env);
        if (files.profile(profile).isEmpty()) {
            var known = new TreeSet<>(files.profiles().keySet());
            throw new InvalidAwsInputException(option + " '" + SafeText.line(profile) + "': no such profile in the AWS "
                    + "config or credentials file (" + (known.isEmpty() ? "they have none"
                    : "they have: " + SafeText.line(String.join(", ", known))) + "); create it with aws configure --profile NAME");
        }
    }

    private static String source(String optionValue, String option, String variable) {
        return optionValue != null && !optionValue.isBlank() ? option : variable;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v; // as given: each value's allow-list check must see the whole string ("eu-west-1 " is not a region)
            }
        }
        return null;
    }

    /** One line saying where calls go, for plans and errors. */
    public String describe() {
        return (region == null ? "(no region)" : region) + (endpoint == null ? "" : " via " + endpoint)
                + (profile == null ? "" : ", profile " + SafeText.line(profile));
    }
}
