package io.opsnotify.deploy;

import static io.opsnotify.deploy.DeployFixture.config;
import static io.opsnotify.deploy.DeployFixture.lines;
import static io.opsnotify.deploy.DeployFixture.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How deploy applies a plan to in-memory functions and topics: order, waits, partial failure, convergence. */
class DeployApplierTest {
    static final String CREATE = "create function opsnotify-notifier and wait until it is Active";
    static final String CONCURRENCY = "set reserved concurrency 5";
    static final String TOPIC = "create topic opsnotify-events";
    static final String PERMISSION = "allow sns.amazonaws.com to invoke the function from the topic";
    static final String SUBSCRIBE = "subscribe the function to the topic";
    static final String INVOKE_CONFIG = "set the event-invoke config (retries, max age, on-failure destination)";

    final DeployFixture f = new DeployFixture();
    final DeployConfig cfg = config();

    @Test
    void apply_shouldCreateEverything_inAnOrderThatNeverLeavesTheFunctionReachableButBroken() {
        DeployApplier.Result r = f.deploy(cfg);

        assertThat(r.ok()).isTrue();
        assertThat(r.error()).isNull();
        assertThat(r.done()).containsExactly(CREATE, CONCURRENCY, TOPIC, PERMISSION, SUBSCRIBE, INVOKE_CONFIG);
        assertThat(f.progress).containsExactly("done: " + CREATE, "done: " + CONCURRENCY, "done: " + TOPIC,
                "done: " + PERMISSION, "done: " + SUBSCRIBE, "done: " + INVOKE_CONFIG);
        assertThat(f.log).containsExactly("lambda:CreateFunction", "lambda:PutFunctionConcurrency", "sns:CreateTopic",
                "lambda:AddPermission", "sns:Subscribe", "lambda:PutFunctionEventInvokeConfig");
        assertThat(r.functionArn()).isEqualTo(InMemoryFunctions.ARN_PREFIX + "opsnotify-notifier");
        assertThat(r.topicArn()).isEqualTo(InMemoryTopics.ARN_PREFIX + "opsnotify-events");
    }

    @Test
    void apply_shouldCreateTheFunctionAsConfigured_andWireItToTheTopic() {
        DeployApplier.Result r = f.deploy(cfg);

        Functions.Deployed fn = f.functions.find("opsnotify-notifier").orElseThrow();
        assertThat(fn.settings()).isEqualTo(Functions.Settings.of(cfg));
        assertThat(fn.settings().runtime()).isEqualTo("java21");
        assertThat(fn.settings().handler()).isEqualTo("io.opsnotify.notifier.NotifierHandler::handleRequest");
        assertThat(fn.settings().environment()).containsEntry("SLACK_WEBHOOK_URL", DeployFixture.WEBHOOK)
                .containsEntry("DB_PASSWORD", DeployFixture.DB_PASSWORD)
                .containsEntry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        assertThat(fn.tags()).containsEntry("opsnotify:managed", "true").containsEntry("team", "ops");
        assertThat(f.functions.code("opsnotify-notifier")).isEqualTo(DeployFixture.pkg(cfg).zip());
        assertThat(f.functions.settled("opsnotify-notifier")).as("awaited until Active").isTrue();
        assertThat(f.functions.reservedConcurrency("opsnotify-notifier")).hasValue(5);
        assertThat(f.functions.eventInvokeConfig("opsnotify-notifier"))
                .contains(new Functions.InvokeConfig(2, 3600, DeployFixture.FAILED_QUEUE));
        assertThat(f.functions.permissions("opsnotify-notifier")).containsExactly(new Functions.Permission(
                "opsnotify-sns-opsnotify-events", "sns.amazonaws.com", "lambda:InvokeFunction", r.topicArn()));
        assertThat(f.topics.tags(r.topicArn())).containsEntry("opsnotify:managed", "true").containsEntry("team", "ops");
        assertThat(f.topics.subscriptions(r.topicArn())).containsExactly(new Topics.Subscription("lambda", fn.arn()));
    }

    @Test
    void apply_shouldWaitForEachUpdate_whenCodeAndConfigurationBothChange() {
        f.deploy(cfg);
        f.log.clear();
        DeployConfig changed = with(cfg, b -> {
            b.packagedConfig = "events:\n  order.created: {text: changed}\n";
            b.memoryMb = 1024;
        });

        DeployApplier.Result r = f.apply(changed, f.plan(changed));

        assertThat(r.ok()).as(String.valueOf(r.error())).isTrue(); // the fake refuses an update while one is in progress
        assertThat(r.done()).containsExactly("update function code and wait for the update",
                "update function configuration and wait for the update");
        assertThat(f.log).containsExactly("lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration");
        assertThat(f.functions.settled("opsnotify-notifier")).isTrue();
    }

    @Test
    void apply_shouldReportDoneAndNotDone_andStop_whenAStepFails() {
        f.functions.faults.failAlways("AddPermission", CloudFaults.accessDenied("Lambda"));

        DeployApplier.Result r = f.deploy(cfg);

        assertThat(r.ok()).isFalse();
        assertThat(r.failedStep()).isEqualTo(PERMISSION);
        assertThat(r.error()).startsWith("AWS error AccessDeniedException");
        assertThat(r.done()).containsExactly(CREATE, CONCURRENCY, TOPIC);
        assertThat(r.notDone()).containsExactly(SUBSCRIBE, INVOKE_CONFIG);
        assertThat(r.functionArn()).isNotNull();
        assertThat(r.topicArn()).isNotNull();
        assertThat(f.log).as("nothing after the failed step").doesNotContain("sns:Subscribe", "lambda:PutFunctionEventInvokeConfig");
        assertThat(f.topics.subscriptions(r.topicArn())).isEmpty();
    }

    @Test
    void apply_shouldStopAtTheWait_whenTheFunctionNeverBecomesActive() {
        f.functions.faults.failAlways("WaitFunctionActive", CloudFaults.timeout("Lambda GetFunction"));

        DeployApplier.Result r = f.deploy(cfg);

        assertThat(r.failedStep()).isEqualTo(CREATE);
        assertThat(r.error()).startsWith("timed out after 3 s waiting for Lambda GetFunction");
        assertThat(r.done()).isEmpty();
        assertThat(r.notDone()).containsExactly(CONCURRENCY, TOPIC, PERMISSION, SUBSCRIBE, INVOKE_CONFIG);
        assertThat(r.functionArn()).as("the function was created: its ARN is known").isNotNull();
        assertThat(f.log).containsExactly("lambda:CreateFunction");
    }

    @Test
    void deploy_shouldConverge_whenRunAgainAfterAPartialFailure() {
        f.functions.faults.failNext("AddPermission", CloudFaults.accessDenied("Lambda"), 1);
        assertThat(f.deploy(cfg).ok()).isFalse();
        f.log.clear();

        Plan again = f.plan(cfg);
        DeployApplier.Result r = f.apply(cfg, again);

        assertThat(String.join("\n", lines(cfg, again))).contains("= function code", "= topic opsnotify-events",
                "+ permission sns.amazonaws.com", "+ subscription topic → function", "+ event-invoke config");
        assertThat(r.ok()).isTrue();
        assertThat(f.log).containsExactly("lambda:AddPermission", "sns:Subscribe", "lambda:PutFunctionEventInvokeConfig");
        f.log.clear();
        Plan third = f.plan(cfg);
        assertThat(third.hasChanges()).isFalse();
        assertThat(f.apply(cfg, third).done()).isEmpty();
        assertThat(f.log).isEmpty();
    }

    @Test
    void planAndResultJson_shouldSayWhatWasDoneAndNot() throws Exception {
        f.functions.faults.failAlways("AddPermission", CloudFaults.accessDenied("Lambda"));
        Plan plan = f.plan(cfg);
        DeployApplier.Result r = f.apply(cfg, plan);
        ObjectMapper json = new ObjectMapper();

        JsonNode root = PlanReport.json(json, cfg, plan, "ap-northeast-1", false, r);

        assertThat(root.path("status").asText()).isEqualTo("FAILED");
        assertThat(root.path("applied").asBoolean()).isTrue();
        assertThat(root.path("failedStep").asText()).isEqualTo(PERMISSION);
        assertThat(root.path("done")).hasSize(3);
        assertThat(List.of(root.path("notDone").get(0).asText(), root.path("notDone").get(1).asText()))
                .containsExactly(SUBSCRIBE, INVOKE_CONFIG);
        assertThat(root.path("error").asText()).startsWith("AWS error AccessDeniedException");
    }
}
