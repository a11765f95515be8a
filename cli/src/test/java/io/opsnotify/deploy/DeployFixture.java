package io.opsnotify.deploy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The deploy domain wired to in-memory fakes: the subnets and security group the config names
 * exist, nothing else does. {@link #log} has every mutating call of every fake, in order.
 */
final class DeployFixture {
    static final String WEBHOOK = "https://hooks.slack.com/services/T0AAA/B0BBB/deploy-test-webhook-secret";
    static final String DB_PASSWORD = "deploy-test-db-password-secret";
    static final String FAILED_QUEUE = "arn:aws:sqs:ap-northeast-1:123456789012:opsnotify-failed";

    final List<String> log = new ArrayList<>();
    final InMemoryFunctions functions = new InMemoryFunctions(log);
    final InMemoryTopics topics = new InMemoryTopics(log);
    final InMemoryNetwork network = new InMemoryNetwork()
            .subnet("subnet-0a1b2c3d", "vpc-0abc1234", "ap-northeast-1a")
            .subnet("subnet-4e5f6a7b", "vpc-0abc1234", "ap-northeast-1c")
            .subnet("subnet-0000aaaa", "vpc-0abc1234", "ap-northeast-1a")
            .subnet("subnet-0bbbbbbb", "vpc-0def5678", "ap-northeast-1c")
            .securityGroup("sg-0123abcd", "vpc-0abc1234");
    final List<String> progress = new ArrayList<>();

    /** The config of DeployIT, as DeployConfigLoader gives it: env resolved, deploy section cut from the package. */
    static DeployConfig config() {
        return new DeployConfig("opsnotify-notifier", "arn:aws:iam::123456789012:role/opsnotify-notifier",
                List.of("subnet-0a1b2c3d", "subnet-4e5f6a7b"), List.of("sg-0123abcd"), 512, 30, 5, "opsnotify-events", null,
                FAILED_QUEUE, 2, 3600, Map.of("SLACK_WEBHOOK_URL", WEBHOOK, "DB_PASSWORD", DB_PASSWORD),
                Map.of("team", "ops"), "events:\n  order.created: {}\n", null);
    }

    /** The config with some of its values changed, e.g. {@code c -> with(c, b -> b.memoryMb = 1024)}. */
    static DeployConfig with(DeployConfig c, Consumer<Builder> change) {
        Builder b = new Builder(c);
        change.accept(b);
        return b.build();
    }

    static DeploymentPackage pkg(DeployConfig cfg) {
        return DeploymentPackage.build("notifier jar".getBytes(StandardCharsets.UTF_8), cfg.packagedConfig());
    }

    DeployPlanner planner() {
        return new DeployPlanner(functions, topics, network);
    }

    Plan plan(DeployConfig cfg) {
        return planner().plan(cfg, pkg(cfg));
    }

    DeployApplier.Result apply(DeployConfig cfg, Plan plan) {
        return new DeployApplier(functions, topics).apply(cfg, pkg(cfg), plan, progress::add);
    }

    /** Plans and applies, as {@code deploy --yes} does. */
    DeployApplier.Result deploy(DeployConfig cfg) {
        return apply(cfg, plan(cfg));
    }

    static List<String> lines(DeployConfig cfg, Plan plan) {
        return PlanReport.lines(cfg, plan, "ap-northeast-1");
    }

    /** A mutable copy of a config, for tests that change one value. */
    static final class Builder {
        List<String> subnetIds;
        int memoryMb;
        Integer reservedConcurrency;
        String topicName;
        String topicArn;
        String onFailureDestinationArn;
        Map<String, String> environment;
        Map<String, String> tags;
        String packagedConfig;
        private final DeployConfig c;

        Builder(DeployConfig c) {
            this.c = c;
            subnetIds = c.subnetIds();
            memoryMb = c.memoryMb();
            reservedConcurrency = c.reservedConcurrency();
            topicName = c.topicName();
            topicArn = c.topicArn();
            onFailureDestinationArn = c.onFailureDestinationArn();
            environment = new TreeMap<>(c.environment());
            tags = new TreeMap<>(c.tags());
            packagedConfig = c.packagedConfig();
        }

        DeployConfig build() {
            return new DeployConfig(c.functionName(), c.roleArn(), subnetIds, c.securityGroupIds(), memoryMb,
                    c.timeoutSeconds(), reservedConcurrency, topicName, topicArn, onFailureDestinationArn,
                    c.maximumRetryAttempts(), c.maximumEventAgeSeconds(), environment, tags, packagedConfig,
                    c.notifierConfig());
        }
    }
}
