package io.opsnotify.aws;

import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.notifier.base.SafeText;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Builds every AWS client opsnotify uses, from {@link AwsSettings}, in one place: explicit
 * region, one shared url-connection HTTP client (the fastest to start), standard retries with
 * more attempts than the default so that throttling (EC2's RequestLimitExceeded, Lambda's
 * TooManyRequestsException) is ridden out, every call bounded by {@link AwsTimeouts} and the
 * command's {@link Deadline} ({@link DeadlineInterceptor}), credentials problems as one line
 * ({@link AwsCredentialsException}).
 */
public final class AwsClients implements AutoCloseable {
    static final int MAX_ATTEMPTS = 6;

    private final AwsSettings settings;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private SnsClient sns;
    private LambdaClient lambda;
    private Ec2Client ec2;

    public AwsClients(AwsSettings settings) {
        if (settings.region() == null) {
            throw new IllegalArgumentException("no AWS region: give --region or set AWS_REGION");
        }
        this.settings = settings;
        AwsTimeouts t = settings.timeouts();
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(t.connect())
                .socketTimeout(t.attempt()) // a read that hangs ends with the attempt; the deadline caps the rest
                .build();
        this.credentials = credentials(settings);
    }

    /** The AWS CLI's order: keys in the environment, then the named profile, then the default chain. */
    static AwsCredentialsProvider credentials(AwsSettings s) {
        String key = s.env().get("AWS_ACCESS_KEY_ID");
        String secret = s.env().get("AWS_SECRET_ACCESS_KEY");
        if (key != null && secret != null && (s.profile() == null || s.env().get("AWS_PROFILE") != null)) {
            String token = s.env().get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(key, secret)
                    : AwsSessionCredentials.create(key, secret, token));
        }
        ProfileFile files = AwsSettings.profileFile(s.env());
        if (s.profile() != null) {
            return new TidyCredentials(ProfileCredentialsProvider.builder().profileFile(files).profileName(s.profile())
                    .build(), "profile " + SafeText.line(s.profile()));
        }
        return new TidyCredentials(DefaultCredentialsProvider.builder().profileFile(() -> files).build(),
                "none in the environment, the AWS config files or a role");
    }

    public AwsSettings settings() {
        return settings;
    }

    public String region() {
        return settings.region();
    }

    public synchronized SnsClient sns() {
        if (sns == null) {
            sns = configure(SnsClient.builder()).build();
        }
        return sns;
    }

    public synchronized LambdaClient lambda() {
        if (lambda == null) {
            lambda = configure(LambdaClient.builder()).build();
        }
        return lambda;
    }

    public synchronized Ec2Client ec2() {
        if (ec2 == null) {
            ec2 = configure(Ec2Client.builder()).build();
        }
        return ec2;
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>>
            B configure(B b) {
        b.region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(r -> r.maxAttempts(MAX_ATTEMPTS))
                        // the client-wide limits; each call gets the per-call ones, capped by the deadline
                        .apiCallTimeout(settings.timeouts().call())
                        .apiCallAttemptTimeout(settings.timeouts().attempt())
                        .addExecutionInterceptor(new DeadlineInterceptor(settings.deadline(), settings.timeouts()))
                        .build());
        if (settings.endpoint() != null) {
            b.endpointOverride(settings.endpoint());
        }
        return b;
    }

    @Override
    public void close() {
        if (sns != null) {
            sns.close();
        }
        if (lambda != null) {
            lambda.close();
        }
        if (ec2 != null) {
            ec2.close();
        }
        http.close();
    }
}
