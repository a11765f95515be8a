package io.opsnotify.deploy;

import static io.opsnotify.deploy.DeployFixture.config;
import static io.opsnotify.deploy.DeployFixture.lines;
import static io.opsnotify.deploy.DeployFixture.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.cloud.CloudException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What deploy plans, read from in-memory functions, topics and network; planning never changes anything. */
class DeployPlannerTest {
    final DeployFixture f = new DeployFixture();
    final DeployConfig cfg = config();

    @Test
    void plan_shouldCreateEverything_whenNothingExists() {
        Plan plan = f.plan(cfg);

        assertThat(String.join("\n", lines(cfg, plan))).contains("+ function opsnotify-notifier", "+ topic opsnotify-events",
                "+ permission sns.amazonaws.com", "+ subscription topic → function", "+ event-invoke config",
                "+ reserved concurrency", "Plan: 6 to create, 0 to update, 0 unchanged.")
                .contains("java21, 512 MB, 30 s, 2 subnets, 1 security groups, package");
        assertThat(plan.createFunction()).isTrue();
        assertThat(plan.createTopic()).isTrue();
        assertThat(plan.functionArn()).isNull();
        assertThat(f.log).as("planning changes nothing").isEmpty();
    }

    @Test
    void plan_shouldHaveNoChanges_afterADeployOfTheSameConfig() {
        f.deploy(cfg);
        f.log.clear();

        Plan plan = f.plan(cfg);

        assertThat(plan.hasChanges()).isFalse();
        assertThat(lines(cfg, plan)).contains("No changes: the deployed notifier matches the config.")
                .anySatisfy(l -> assertThat(l).startsWith("  = function code"))
                .anySatisfy(l -> assertThat(l).startsWith("  = function configuration"));
        assertThat(f.apply(cfg, plan).done()).as("nothing to do").isEmpty();
        assertThat(f.log).as("no mutating call on a re-run").isEmpty();
    }

    @Test
    void plan_shouldUpdateOnlyTheConfiguration_whenMemoryChanges() {
        f.deploy(cfg);
        f.log.clear();
        DeployConfig more = with(cfg, b -> b.memoryMb = 1024);

        Plan plan = f.plan(more);
        DeployApplier.Result r = f.apply(more, plan);

        assertThat(String.join("\n", lines(more, plan))).contains("~ function configuration", "MemorySize: 512 → 1024",
                "= function code", "Plan: 0 to create, 1 to update");
        assertThat(r.ok()).isTrue();
        assertThat(f.log).containsExactly("lambda:UpdateFunctionConfiguration");
        assertThat(f.functions.find("opsnotify-notifier").orElseThrow().settings().memoryMb()).isEqualTo(1024);
    }

    @Test
    void plan_shouldShowEnvironmentChangesMasked_andUpdateTheCode_whenTemplateAndSecretChange() {
        f.deploy(cfg);
        DeployConfig changed = with(cfg, b -> {
            b.packagedConfig = "events:\n  order.created: {text: changed}\n";
            b.environment.put("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0AAA/B0BBB/rotated-webhook-secret");
        });

        Plan plan = f.plan(changed);

        String text = String.join("\n", lines(changed, plan));
        assertThat(text).contains("~ function code", "Environment.SLACK_WEBHOOK_URL: **** → **** (changed)")
                .doesNotContain("rotated-webhook-secret").doesNotContain(DeployFixture.WEBHOOK);
        assertThat(plan.updateCode()).isTrue();
    }

    @Test
    void plan_shouldShowNewAndRemovedVariablesMasked_andJavaToolOptionsInClear() {
        f.deploy(cfg);
        DeployConfig changed = with(cfg, b -> {
            b.environment.remove("DB_PASSWORD");
            b.environment.put("EXTRA_TOKEN", "extra-secret-value");
            b.environment.put("JAVA_TOOL_OPTIONS", "-Xmx200m");
        });

        String text = String.join("\n", lines(changed, f.plan(changed)));

        assertThat(text).contains("Environment.DB_PASSWORD: **** → (none)", "Environment.EXTRA_TOKEN: (none) → ****",
                "Environment.JAVA_TOOL_OPTIONS: -XX:+TieredCompilation -XX:TieredStopAtLevel=1 → -Xmx200m")
                .doesNotContain("extra-secret-value").doesNotContain(DeployFixture.DB_PASSWORD);
    }

    @Test
    void planJson_shouldMaskSecrets() throws Exception {
        f.deploy(cfg);
        DeployConfig changed = with(cfg, b -> b.environment.put("DB_PASSWORD", "a-new-password-value"));
        ObjectMapper json = new ObjectMapper();

        String out = json.writeValueAsString(PlanReport.json(json, changed, f.plan(changed), "ap-northeast-1", true, null));

        JsonNode root = json.readTree(out);
        assertThat(root.path("status").asText()).isEqualTo("PLANNED");
        assertThat(root.path("applied").asBoolean()).isFalse();
        JsonNode change = root.path("plan").findValues("changes").stream().filter(c -> c.size() > 0).findFirst().orElseThrow().get(0);
        assertThat(change.path("field").asText()).isEqualTo("Environment.DB_PASSWORD");
        assertThat(change.path("from").asText()).isEqualTo("****");
        assertThat(change.path("to").asText()).isEqualTo("**** (changed)");
        assertThat(out).doesNotContain("a-new-password-value").doesNotContain(DeployFixture.DB_PASSWORD);
    }

    @Test
    void plan_shouldWarn_whenAllSubnetsAreInOneAz() {
        DeployConfig oneAz = with(cfg, b -> b.subnetIds = List.of("subnet-0a1b2c3d", "subnet-0000aaaa"));

        assertThat(lines(oneAz, f.plan(oneAz))).anySatisfy(l -> assertThat(l).startsWith("  ! warning: all subnets are in ap-northeast-1a"));
    }

    @Test
    void plan_shouldWarn_whenTheSubnetsAreInDifferentVpcs() {
        DeployConfig twoVpcs = with(cfg, b -> b.subnetIds = List.of("subnet-0a1b2c3d", "subnet-0bbbbbbb"));

        assertThat(f.plan(twoVpcs).warnings()).anySatisfy(w -> assertThat(w).startsWith("the subnets are in different VPCs")
                .contains("vpc-0abc1234", "vpc-0def5678"));
        assertThat(f.plan(cfg).warnings()).as("one VPC, two zones, a destination: nothing to warn about").isEmpty();
    }

    @Test
    void plan_shouldWarn_whenThereIsNoOnFailureDestination() {
        DeployConfig none = with(cfg, b -> b.onFailureDestinationArn = null);

        Plan plan = f.plan(none);

        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).startsWith("no deploy.onFailureDestinationArn"));
        assertThat(lines(none, plan)).anySatisfy(l -> assertThat(l).contains("event-invoke config").contains("on failure (none)"));
    }

    @Test
    void plan_shouldStopWithTheAwsError_whenASubnetDoesNotExist() {
        DeployConfig missing = with(cfg, b -> b.subnetIds = List.of("subnet-0a1b2c3d", "subnet-0fffffff"));

        assertThatThrownBy(() -> f.plan(missing)).isInstanceOfSatisfying(CloudException.class,
                e -> assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND))
                .hasMessageStartingWith("AWS error InvalidSubnetID.NotFound");
        assertThat(f.log).isEmpty();
    }

    @Test
    void plan_shouldRefuseAFunctionItDoesNotOwn() {
        f.functions.create("opsnotify-notifier", Functions.Settings.of(cfg), new byte[] {1}, Map.of("team", "ops"), "theirs");
        f.log.clear();

        assertThatThrownBy(() -> f.plan(cfg)).isInstanceOf(DeployPlanner.NotOwnedException.class)
                .hasMessageContaining("function opsnotify-notifier exists but is not managed by opsnotify")
                .hasMessageContaining("opsnotify:managed=true");
        assertThat(f.log).isEmpty();
    }

    @Test
    void plan_shouldRefuse_whenTheOwnershipTagWasRemovedAfterADeploy() {
        f.deploy(cfg);
        f.functions.untag("opsnotify-notifier", DeployConfig.OWNER_TAG);
        f.log.clear();

        assertThatThrownBy(() -> f.plan(cfg)).isInstanceOf(DeployPlanner.NotOwnedException.class);
        assertThat(f.log).isEmpty();
    }

    @Test
    void plan_shouldAddOnlyTheMissingTags() {
        f.deploy(cfg);
        f.log.clear();
        DeployConfig retagged = with(cfg, b -> b.tags.put("team", "platform"));

        Plan plan = f.plan(retagged);
        f.apply(retagged, plan);

        assertThat(plan.tagsToAdd()).containsExactly(Map.entry("team", "platform"));
        assertThat(String.join("\n", lines(retagged, plan))).contains("~ function tags", "tag team: ops → platform");
        assertThat(f.log).containsExactly("lambda:TagResource");
        assertThat(f.functions.find("opsnotify-notifier").orElseThrow().tags()).containsEntry("team", "platform");
    }

    @Test
    void plan_shouldUpdateReservedConcurrency_andLeaveItAlone_whenNotConfigured() {
        f.deploy(cfg);
        f.log.clear();

        Plan more = f.plan(with(cfg, b -> b.reservedConcurrency = 10));
        Plan unset = f.plan(with(cfg, b -> b.reservedConcurrency = null));

        assertThat(more.concurrency()).isEqualTo(Plan.ConcurrencyChange.PUT);
        assertThat(String.join("\n", lines(cfg, more))).contains("~ reserved concurrency", "ReservedConcurrentExecutions: 5 → 10");
        assertThat(unset.concurrency()).isEqualTo(Plan.ConcurrencyChange.NONE);
        assertThat(unset.items()).noneSatisfy(i -> assertThat(i.resource()).isEqualTo("reserved concurrency"));
    }

    @Test
    void plan_shouldUseAnExistingTopicByArn_withoutManagingIt() {
        String arn = f.topics.given("app-events");
        DeployConfig byArn = with(cfg, b -> {
            b.topicName = null;
            b.topicArn = arn;
        });

        Plan plan = f.plan(byArn);

        assertThat(plan.createTopic()).isFalse();
        assertThat(plan.topicArn()).isEqualTo(arn);
        assertThat(lines(byArn, plan)).anySatisfy(l -> assertThat(l).contains("= topic " + arn)
                .contains("existing topic (not managed by opsnotify)"));
    }

    @Test
    void plan_shouldStopWithTheAwsError_whenTheConfiguredTopicDoesNotExist() {
        DeployConfig byArn = with(cfg, b -> {
            b.topicName = null;
            b.topicArn = "arn:aws:sns:ap-northeast-1:123456789012:nope";
        });

        assertThatThrownBy(() -> f.plan(byArn)).isInstanceOfSatisfying(CloudException.class,
                e -> assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND));
        assertThat(f.log).isEmpty();
    }

    @Test
    void plan_shouldPutTheEventInvokeConfigAgain_whenItDiffers() {
        f.deploy(cfg);
        f.functions.putEventInvokeConfig("opsnotify-notifier", new Functions.InvokeConfig(0, 60, null));
        f.log.clear();

        Plan plan = f.plan(cfg);
        f.apply(cfg, plan);

        assertThat(plan.putEventInvokeConfig()).isTrue();
        assertThat(lines(cfg, plan)).anySatisfy(l -> assertThat(l).startsWith("  ~ event-invoke config"));
        assertThat(f.log).containsExactly("lambda:PutFunctionEventInvokeConfig");
        assertThat(f.functions.eventInvokeConfig("opsnotify-notifier"))
                .contains(new Functions.InvokeConfig(2, 3600, DeployFixture.FAILED_QUEUE));
    }

    @Test
    void plan_shouldSeeAPermissionForAnotherTopicAsMissing() {
        f.deploy(cfg);
        String other = f.topics.given("other-events");
        DeployConfig moved = with(cfg, b -> {
            b.topicName = null;
            b.topicArn = other;
        });

        Plan plan = f.plan(moved);

        assertThat(plan.addPermission()).isTrue();
        assertThat(plan.subscribe()).isTrue();
        assertThat(String.join("\n", lines(moved, plan))).contains("+ permission sns.amazonaws.com → lambda:InvokeFunction")
                .contains("source " + other);
    }
}
