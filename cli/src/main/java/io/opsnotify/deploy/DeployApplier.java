package io.opsnotify.deploy;

import io.opsnotify.aws.AwsClients;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.VpcConfig;

/**
 * Carries out a {@link Plan}, step by step, in an order that never leaves the function
 * reachable but broken: function (and its waits), concurrency, topic, permission, subscription,
 * event-invoke config. Stops at the first failing step and reports what was done and what was
 * not; running deploy again plans only what is left, so it converges.
 */
public final class DeployApplier {
    private final AwsClients aws;

    public DeployApplier(AwsClients aws) {
        this.aws = aws;
    }

    /** What happened. {@code failedStep} is null when every step succeeded. */
    public record Result(List<String> done, String failedStep, String error, List<String> notDone, String functionArn,
                         String topicArn) {
        public boolean ok() {
            return failedStep == null;
        }
    }

    private interface Step {
        void run() throws SdkException;
    }

    public Result apply(DeployConfig cfg, DeploymentPackage pkg, Plan plan, Consumer<String> progress,
                        java.util.function.Function<Throwable, String> describeError) {
        State s = new State(plan.functionArn(), plan.topicArn());
        List<String> names = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        LambdaClient lambda = aws.lambda();
        if (plan.createFunction()) {
            names.add("create function " + cfg.functionName() + " and wait until it is Active");
            steps.add(() -> {
                CreateFunctionResponse r = lambda.createFunction(b -> b.functionName(cfg.functionName())
                        .runtime(Runtime.fromValue(DeployConfig.RUNTIME)).handler(DeployConfig.HANDLER).role(cfg.roleArn())
                        .memorySize(cfg.memoryMb()).timeout(cfg.timeoutSeconds())
                        .code(c -> c.zipFile(SdkBytes.fromByteArray(pkg.zip())))
                        .vpcConfig(vpc(cfg)).environment(env(cfg)).tags(cfg.resourceTags())
                        .description("opsnotify notifier; managed by opsnotify deploy"));
                s.functionArn = r.functionArn();
                lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName(cfg.functionName()));
            });
        }
        if (plan.updateCode()) {
            names.add("update function code and wait for the update");
            steps.add(() -> {
                lambda.updateFunctionCode(b -> b.functionName(cfg.functionName()).zipFile(SdkBytes.fromByteArray(pkg.zip())));
                lambda.waiter().waitUntilFunctionUpdatedV2(b -> b.functionName(cfg.functionName()));
            });
        }
        if (plan.updateConfiguration()) {
            names.add("update function configuration and wait for the update");
            steps.add(() -> {
                lambda.updateFunctionConfiguration(b -> b.functionName(cfg.functionName())
                        .runtime(Runtime.fromValue(DeployConfig.RUNTIME)).handler(DeployConfig.HANDLER).role(cfg.roleArn())
                        .memorySize(cfg.memoryMb()).timeout(cfg.timeoutSeconds()).vpcConfig(vpc(cfg)).environment(env(cfg)));
                lambda.waiter().waitUntilFunctionUpdatedV2(b -> b.functionName(cfg.functionName()));
            });
        }
        if (!plan.tagsToAdd().isEmpty()) {
            names.add("tag function " + plan.tagsToAdd().keySet());
            steps.add(() -> lambda.tagResource(b -> b.resource(s.functionArn).tags(plan.tagsToAdd())));
        }
        if (plan.concurrency() == Plan.ConcurrencyChange.PUT) {
            names.add("set reserved concurrency " + cfg.reservedConcurrency());
            steps.add(() -> lambda.putFunctionConcurrency(b -> b.functionName(cfg.functionName())
                    .reservedConcurrentExecutions(cfg.reservedConcurrency())));
        }
        if (plan.createTopic()) {
            names.add("create topic " + cfg.topicName());
            steps.add(() -> s.topicArn = aws.sns().createTopic(b -> b.name(cfg.topicName())
                    .tags(cfg.resourceTags().entrySet().stream()
                            .map(e -> software.amazon.awssdk.services.sns.model.Tag.builder().key(e.getKey())
                                    .value(e.getValue()).build()).toList())).topicArn());
        }
        if (plan.addPermission()) {
            names.add("allow sns.amazonaws.com to invoke the function from the topic");
            steps.add(() -> lambda.addPermission(b -> b.functionName(cfg.functionName())
                    .statementId(Plan.permissionStatementId(s.topicArn)).action("lambda:InvokeFunction")
                    .principal("sns.amazonaws.com").sourceArn(s.topicArn)));
        }
        if (plan.subscribe()) {
            names.add("subscribe the function to the topic");
            steps.add(() -> aws.sns().subscribe(b -> b.topicArn(s.topicArn).protocol("lambda").endpoint(s.functionArn)));
        }
        if (plan.putEventInvokeConfig()) {
            names.add("set the event-invoke config (retries, max age, on-failure destination)");
            steps.add(() -> lambda.putFunctionEventInvokeConfig(b -> {
                b.functionName(cfg.functionName()).maximumRetryAttempts(cfg.maximumRetryAttempts())
                        .maximumEventAgeInSeconds(cfg.maximumEventAgeSeconds());
                if (cfg.onFailureDestinationArn() != null) {
                    b.destinationConfig(d -> d.onFailure(f -> f.destination(cfg.onFailureDestinationArn())));
                }
            }));
        }
        List<String> done = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            String name = names.get(i);
            try {
                steps.get(i).run();
                done.add(name);
                progress.accept("done: " + name);
            } catch (SdkException e) {
                List<String> notDone = new ArrayList<>();
                for (int j = i + 1; j < steps.size(); j++) {
                    notDone.add(names.get(j));
                }
                return new Result(done, name, describeError.apply(e), notDone, s.functionArn, s.topicArn);
            }
        }
        return new Result(done, null, null, List.of(), s.functionArn, s.topicArn);
    }

    /** ARNs learned while applying (a new function's or topic's). */
    private static final class State {
        String functionArn;
        String topicArn;

        State(String functionArn, String topicArn) {
            this.functionArn = functionArn;
            this.topicArn = topicArn;
        }
    }

    private static VpcConfig vpc(DeployConfig cfg) {
        return VpcConfig.builder().subnetIds(cfg.subnetIds()).securityGroupIds(cfg.securityGroupIds()).build();
    }

    private static Environment env(DeployConfig cfg) {
        return Environment.builder().variables(cfg.functionEnvironment()).build();
    }
}
