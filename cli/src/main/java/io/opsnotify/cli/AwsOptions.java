package io.opsnotify.cli;

import io.opsnotify.aws.AwsSettings;
import java.util.Map;
import picocli.CommandLine.Option;

/** The AWS CLI's connection options, with the AWS CLI's environment defaults. */
public final class AwsOptions {
    @Option(names = "--profile", paramLabel = "NAME", description = "AWS profile (default: $AWS_PROFILE).")
    String profile;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (default: $AWS_REGION, then $AWS_DEFAULT_REGION).")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send every AWS call to this endpoint, e.g. a local stand-in (default: $AWS_ENDPOINT_URL).")
    String endpointUrl;

    public AwsSettings settings(Map<String, String> env) {
        AwsSettings s = AwsSettings.resolve(profile, region, endpointUrl, env);
        if (s.region() == null) {
            throw new ErrorHandler.UsageError("no AWS region: give --region or set AWS_REGION");
        }
        return s;
    }
}
