package io.opsnotify.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Lambda functions deploy reads and changes, in deploy's words. The SDK adapter is
 * {@code io.opsnotify.aws.LambdaFunctions}; tests use an in-memory one. Every failed call is a
 * {@link io.opsnotify.cloud.CloudException}; what deploy expects to be missing (no such function,
 * no policy, no event-invoke config) is an empty value, not an exception.
 */
public interface Functions {

    /**
     * A function's settings, as deployed or as wanted. Read from AWS a value may be null (not set).
     *
     * @param environment the environment variables (values are secrets: never print them)
     */
    record Settings(String runtime, String handler, String roleArn, Integer memoryMb, Integer timeoutSeconds,
                    List<String> subnetIds, List<String> securityGroupIds, Map<String, String> environment) {
        public Settings {
            subnetIds = List.copyOf(subnetIds);
            securityGroupIds = List.copyOf(securityGroupIds);
            environment = Map.copyOf(environment);
        }

        /** What the config asks for. */
        public static Settings of(DeployConfig cfg) {
            return new Settings(DeployConfig.RUNTIME, DeployConfig.HANDLER, cfg.roleArn(), cfg.memoryMb(),
                    cfg.timeoutSeconds(), cfg.subnetIds(), cfg.securityGroupIds(), cfg.functionEnvironment());
        }
    }

    /** A function that exists: its ARN, settings, the Base64 SHA-256 of its code, and its tags. */
    record Deployed(String arn, Settings settings, String codeSha256, Map<String, String> tags) {
        public Deployed {
            tags = Map.copyOf(tags);
        }
    }

    /** How Lambda retries an asynchronous invocation and where a failed event goes (null: nowhere). */
    record InvokeConfig(Integer maximumRetryAttempts, Integer maximumEventAgeSeconds, String onFailureDestination) {
    }

    /**
     * One statement of a function's resource policy: {@code principalService} may invoke with
     * {@code action} when the call comes from {@code sourceArn} (null where the statement has none).
     */
    record Permission(String statementId, String principalService, String action, String sourceArn) {
    }

    /** The function, or empty when there is none by this name. */
    Optional<Deployed> find(String name);

    /** Its reserved concurrency, or empty when none is reserved. */
    OptionalInt reservedConcurrency(String name);

    /** The statements of its resource policy; empty when it has no policy. */
    List<Permission> permissions(String name);

    /** Its event-invoke config, or empty when it has none. */
    Optional<InvokeConfig> eventInvokeConfig(String name);

    /** Creates the function (state Pending until {@link #awaitActive}) and returns its ARN. */
    String create(String name, Settings settings, byte[] zip, Map<String, String> tags, String description);

    /** Waits until the function is Active, within the command's time limit. */
    void awaitActive(String name);

    void updateCode(String name, byte[] zip);

    void updateConfiguration(String name, Settings settings);

    /** Waits until the last update is done, within the command's time limit. */
    void awaitUpdated(String name);

    /** Adds (or overwrites) these tags on the function with this ARN. */
    void tag(String arn, Map<String, String> tags);

    void putReservedConcurrency(String name, int reserved);

    void addPermission(String name, Permission permission);

    void putEventInvokeConfig(String name, InvokeConfig config);
}
