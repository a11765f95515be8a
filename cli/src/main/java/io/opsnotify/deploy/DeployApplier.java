package io.opsnotify.deploy;

import io.opsnotify.cloud.CloudException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Carries out a {@link Plan}, step by step, in an order that never leaves the function
 * reachable but broken: function (and its waits), concurrency, topic, permission, subscription,
 * event-invoke config. Stops at the first failing step and reports what was done and what was
 * not; running deploy again plans only what is left, so it converges.
 */
public final class DeployApplier {
    static final String DESCRIPTION = "opsnotify notifier; managed by opsnotify deploy";

    private final Functions functions;
    private final Topics topics;

    public DeployApplier(Functions functions, Topics topics) {
        this.functions = functions;
        this.topics = topics;
    }

    /**
     * What happened. {@code failedStep} is null when every step succeeded; {@code error} is then
     * null too, else the one line the failed call gave.
     */
    public record Result(List<String> done, String failedStep, String error, List<String> notDone, String functionArn,
                         String topicArn) {
        public Result {
            done = List.copyOf(done);
            notDone = List.copyOf(notDone);
        }

        public boolean ok() {
            return failedStep == null;
        }
    }

    /** One named step; it learns ARNs into the state as it goes. */
    private record Step(String name, Runnable action) {
    }

    /**
     * @param progress gets {@code done: STEP} after each step that succeeded
     */
    public Result apply(DeployConfig cfg, DeploymentPackage pkg, Plan plan, Consumer<String> progress) {
        State s = new State(plan.functionArn(), plan.topicArn());
        String name = cfg.functionName();
        Functions.Settings settings = Functions.Settings.of(cfg);
        List<Step> steps = new ArrayList<>();
        if (plan.createFunction()) {
            steps.add(new Step("create function " + name + " and wait until it is Active", () -> {
                s.functionArn = functions.create(name, settings, pkg.zip(), cfg.resourceTags(), DESCRIPTION);
                functions.awaitActive(name);
            }));
        }
        if (plan.updateCode()) {
            steps.add(new Step("update function code and wait for the update", () -> {
                functions.updateCode(name, pkg.zip());
                functions.awaitUpdated(name);
            }));
        }
        if (plan.updateConfiguration()) {
            steps.add(new Step("update function configuration and wait for the update", () -> {
                functions.updateConfiguration(name, settings);
                functions.awaitUpdated(name);
            }));
        }
        if (!plan.tagsToAdd().isEmpty()) {
            steps.add(new Step("tag function " + plan.tagsToAdd().keySet(), () -> functions.tag(s.functionArn, plan.tagsToAdd())));
        }
        if (plan.concurrency() == Plan.ConcurrencyChange.PUT) {
            steps.add(new Step("set reserved concurrency " + cfg.reservedConcurrency(),
                    () -> functions.putReservedConcurrency(name, cfg.reservedConcurrency())));
        }
        if (plan.createTopic()) {
            steps.add(new Step("create topic " + cfg.topicName(),
                    () -> s.topicArn = topics.create(cfg.topicName(), cfg.resourceTags())));
        }
        if (plan.addPermission()) {
            steps.add(new Step("allow sns.amazonaws.com to invoke the function from the topic",
                    () -> functions.addPermission(name, new Functions.Permission(Plan.permissionStatementId(s.topicArn),
                            DeployPlanner.SNS_SERVICE, DeployPlanner.INVOKE_ACTION, s.topicArn))));
        }
        if (plan.subscribe()) {
            steps.add(new Step("subscribe the function to the topic",
                    () -> topics.subscribe(s.topicArn, new Topics.Subscription(DeployPlanner.LAMBDA_PROTOCOL, s.functionArn))));
        }
        if (plan.putEventInvokeConfig()) {
            steps.add(new Step("set the event-invoke config (retries, max age, on-failure destination)",
                    () -> functions.putEventInvokeConfig(name, DeployPlanner.wantedInvokeConfig(cfg))));
        }
        List<String> done = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            try {
                step.action().run();
            } catch (CloudException e) {
                List<String> notDone = steps.subList(i + 1, steps.size()).stream().map(Step::name).toList();
                return new Result(done, step.name(), e.getMessage(), notDone, s.functionArn, s.topicArn);
            }
            done.add(step.name());
            progress.accept("done: " + step.name());
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
}
