package io.opsnotify.deploy;

import io.opsnotify.notifier.config.NotifierConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code deploy:} section of opsnotify.yaml, validated, plus what deploy needs from the rest
 * of the file.
 *
 * @param topicName          the topic opsnotify creates and owns; null when topicArn is given
 * @param topicArn           an existing topic to subscribe to; null when topicName is given
 * @param environment        the function's environment variables, ${env:...} already resolved
 *                           from the operator's environment (they often hold secrets)
 * @param packagedConfig     the opsnotify.yaml text that travels in the package: the file with
 *                           the deploy section cut out; it holds ${env:...} references, no secrets
 * @param notifierConfig     the notifier's part, validated as the function will load it
 */
public record DeployConfig(
        String functionName,
        String roleArn,
        List<String> subnetIds,
        List<String> securityGroupIds,
        int memoryMb,
        int timeoutSeconds,
        Integer reservedConcurrency,
        String topicName,
        String topicArn,
        String onFailureDestinationArn,
        int maximumRetryAttempts,
        int maximumEventAgeSeconds,
        Map<String, String> environment,
        Map<String, String> tags,
        String packagedConfig,
        NotifierConfig notifierConfig) {

    public static final String RUNTIME = "java21";
    public static final String HANDLER = "io.opsnotify.notifier.NotifierHandler::handleRequest";
    /** Lambda's own default for java17+, set explicitly: C1 only starts fastest (docs/performance.md). */
    public static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /** Tag that marks what opsnotify created and may change. */
    public static final String OWNER_TAG = "opsnotify:managed";

    /** The environment the function gets: the configured one plus JAVA_TOOL_OPTIONS unless set. */
    public Map<String, String> functionEnvironment() {
        Map<String, String> env = new TreeMap<>(environment);
        env.putIfAbsent("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        return env;
    }

    /** Tags on the function and the topic: the configured ones and the ownership mark. */
    public Map<String, String> resourceTags() {
        Map<String, String> t = new TreeMap<>(tags);
        t.put(OWNER_TAG, "true");
        return t;
    }
}
