package io.opsnotify.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.Topics;
import io.opsnotify.notifier.base.Secret;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionEventInvokeConfigResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.model.Subscription;

/**
 * Reads the current state with read-only calls (Get*, List*, Describe*) and compares it, field by
 * field, with what the config asks for. Makes no change.
 */
public final class DeployPlanner {
    /** Environment variables shown in clear in a plan; every other value is masked. */
    static final Set<String> PUBLIC_ENV = Set.of("JAVA_TOOL_OPTIONS");

    private final AwsClients aws;
    private final ObjectMapper json;

    public DeployPlanner(AwsClients aws, ObjectMapper json) {
        this.aws = aws;
        this.json = json;
    }

    /** Refused: the function exists but opsnotify does not own it. */
    public static final class NotOwnedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotOwnedException(String message) {
            super(message);
        }
    }

    public Plan plan(DeployConfig cfg, DeploymentPackage pkg) {
        List<Plan.Item> items = new ArrayList<>();
        List<String> warnings = new ArrayList<>(subnetWarnings(cfg));
        aws.ec2().describeSecurityGroups(r -> r.groupIds(cfg.securityGroupIds())); // fails loudly if one is missing

        GetFunctionResponse fn = getFunction(cfg.functionName());
        String functionArn;
        boolean create = fn == null;
        boolean updateCode = false;
        boolean updateConfig = false;
        Map<String, String> tagsToAdd = new TreeMap<>(cfg.resourceTags());
        if (create) {
            functionArn = null;
            items.add(new Plan.Item("function " + cfg.functionName(), Plan.Action.CREATE,
                    DeployConfig.RUNTIME + ", " + cfg.memoryMb() + " MB, " + cfg.timeoutSeconds() + " s, "
                            + cfg.subnetIds().size() + " subnets, " + cfg.securityGroupIds().size()
                            + " security groups, package " + pkg.size() / 1024 + " KiB sha256 " + pkg.sha256(),
                    List.of()));
        } else {
            FunctionConfiguration current = fn.configuration();
            functionArn = current.functionArn();
            Map<String, String> tags = fn.tags() == null ? Map.of() : fn.tags();
            if (!"true".equals(tags.get(DeployConfig.OWNER_TAG))) {
                throw new NotOwnedException("function " + cfg.functionName() + " exists but is not managed by opsnotify "
                        + "(it has no " + DeployConfig.OWNER_TAG + "=true tag); deploy touches only what it owns. "
                        + "Choose another deploy.functionName, or tag the function if it really is opsnotify's.");
            }
            updateCode = !pkg.sha256().equals(current.codeSha256());
            items.add(new Plan.Item("function code", updateCode ? Plan.Action.UPDATE : Plan.Action.NONE,
                    updateCode ? "sha256 " + current.codeSha256() + " → " + pkg.sha256() : "sha256 " + pkg.sha256(),
                    List.of()));
            List<Plan.Change> changes = configurationChanges(cfg, current);
            updateConfig = !changes.isEmpty();
            items.add(new Plan.Item("function configuration", updateConfig ? Plan.Action.UPDATE : Plan.Action.NONE,
                    updateConfig ? changes.size() + " field(s)" : "", changes));
            tags.forEach((k, v) -> {
                if (v.equals(tagsToAdd.get(k))) {
                    tagsToAdd.remove(k);
                }
            });
            List<Plan.Change> tagChanges = tagsToAdd.keySet().stream()
                    .map(k -> new Plan.Change("tag " + k, tags.get(k), tagsToAdd.get(k))).toList();
            items.add(new Plan.Item("function tags", tagChanges.isEmpty() ? Plan.Action.NONE : Plan.Action.UPDATE, "",
                    tagChanges));
        }

        Plan.ConcurrencyChange concurrency = Plan.ConcurrencyChange.NONE;
        if (cfg.reservedConcurrency() != null) {
            Integer current = create ? null
                    : aws.lambda().getFunctionConcurrency(r -> r.functionName(cfg.functionName())).reservedConcurrentExecutions();
            if (!Objects.equals(current, cfg.reservedConcurrency())) {
                concurrency = Plan.ConcurrencyChange.PUT;
            }
            items.add(new Plan.Item("reserved concurrency", concurrency == Plan.ConcurrencyChange.PUT
                    ? (current == null ? Plan.Action.CREATE : Plan.Action.UPDATE) : Plan.Action.NONE,
                    String.valueOf(cfg.reservedConcurrency()),
                    concurrency == Plan.ConcurrencyChange.PUT
                            ? List.of(new Plan.Change("ReservedConcurrentExecutions", str(current), str(cfg.reservedConcurrency())))
                            : List.of()));
        }

        String topicArn = cfg.topicArn();
        boolean createTopic = false;
        if (topicArn != null) {
            aws.sns().getTopicAttributes(r -> r.topicArn(cfg.topicArn())); // NotFound: the configured topic is missing
            items.add(new Plan.Item("topic " + topicArn, Plan.Action.NONE, "existing topic (not managed by opsnotify)", List.of()));
        } else {
            topicArn = Topics.findByName(aws.sns(), cfg.topicName());
            createTopic = topicArn == null;
            items.add(new Plan.Item("topic " + cfg.topicName(), createTopic ? Plan.Action.CREATE : Plan.Action.NONE,
                    createTopic ? "" : topicArn, List.of()));
        }

        boolean addPermission = true;
        boolean subscribe = true;
        Boolean invokeConfigMatches = null; // null: there is none yet
        if (!create) {
            addPermission = topicArn == null || !hasPermission(cfg.functionName(), topicArn);
            subscribe = topicArn == null || !isSubscribed(topicArn, functionArn);
            invokeConfigMatches = invokeConfigMatches(cfg);
        }
        boolean putInvokeConfig = !Boolean.TRUE.equals(invokeConfigMatches);
        items.add(new Plan.Item("permission sns.amazonaws.com → lambda:InvokeFunction",
                addPermission ? Plan.Action.CREATE : Plan.Action.NONE,
                "source " + (topicArn == null ? "the new topic" : topicArn), List.of()));
        items.add(new Plan.Item("subscription topic → function", subscribe ? Plan.Action.CREATE : Plan.Action.NONE,
                "protocol lambda", List.of()));
        items.add(new Plan.Item("event-invoke config", invokeConfigMatches == null ? Plan.Action.CREATE
                : invokeConfigMatches ? Plan.Action.NONE : Plan.Action.UPDATE, "retries " + cfg.maximumRetryAttempts() + ", max age " + cfg.maximumEventAgeSeconds()
                + " s, on failure " + (cfg.onFailureDestinationArn() == null ? "(none)" : cfg.onFailureDestinationArn()),
                List.of()));
        if (cfg.onFailureDestinationArn() == null) {
            warnings.add("no deploy.onFailureDestinationArn: an event that still fails after Lambda's retries is only in "
                    + "the logs; configure an SQS queue to keep it");
        }
        return new Plan(items, warnings, functionArn, create, updateCode, updateConfig, create ? Map.of() : tagsToAdd,
                concurrency, topicArn, createTopic, addPermission, subscribe, putInvokeConfig);
    }

    private List<String> subnetWarnings(DeployConfig cfg) {
        List<Subnet> subnets = aws.ec2().describeSubnets(r -> r.subnetIds(cfg.subnetIds())).subnets();
        Set<String> azs = subnets.stream().map(Subnet::availabilityZone).collect(Collectors.toCollection(TreeSet::new));
        List<String> out = new ArrayList<>();
        if (azs.size() < 2) {
            out.add("all subnets are in " + String.join(", ", azs) + ": use subnets in at least two availability "
                    + "zones so the notifier survives an AZ outage");
        }
        Set<String> vpcs = subnets.stream().map(Subnet::vpcId).collect(Collectors.toSet());
        if (vpcs.size() > 1) {
            out.add("the subnets are in different VPCs " + vpcs + ": Lambda will refuse this");
        }
        return out;
    }

    private GetFunctionResponse getFunction(String name) {
        try {
            return aws.lambda().getFunction(r -> r.functionName(name));
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    static List<Plan.Change> configurationChanges(DeployConfig cfg, FunctionConfiguration cur) {
        List<Plan.Change> c = new ArrayList<>();
        diff(c, "Runtime", cur.runtimeAsString(), DeployConfig.RUNTIME);
        diff(c, "Handler", cur.handler(), DeployConfig.HANDLER);
        diff(c, "Role", cur.role(), cfg.roleArn());
        diff(c, "MemorySize", str(cur.memorySize()), String.valueOf(cfg.memoryMb()));
        diff(c, "Timeout", str(cur.timeout()), String.valueOf(cfg.timeoutSeconds()));
        List<String> subnets = cur.vpcConfig() == null ? List.of() : cur.vpcConfig().subnetIds();
        List<String> groups = cur.vpcConfig() == null ? List.of() : cur.vpcConfig().securityGroupIds();
        diff(c, "VpcConfig.SubnetIds", sorted(subnets), sorted(cfg.subnetIds()));
        diff(c, "VpcConfig.SecurityGroupIds", sorted(groups), sorted(cfg.securityGroupIds()));
        Map<String, String> curEnv = cur.environment() == null || cur.environment().variables() == null ? Map.of()
                : cur.environment().variables();
        Map<String, String> want = cfg.functionEnvironment();
        Set<String> names = new TreeSet<>(curEnv.keySet());
        names.addAll(want.keySet());
        for (String n : names) {
            String from = curEnv.get(n);
            String to = want.get(n);
            if (!Objects.equals(from, to)) {
                c.add(new Plan.Change("Environment." + n, mask(n, from), mask(n, to) + (from != null && to != null
                        && !PUBLIC_ENV.contains(n) ? " (changed)" : "")));
            }
        }
        return c;
    }

    static String mask(String name, String value) {
        if (value == null) {
            return null;
        }
        return PUBLIC_ENV.contains(name) ? value : Secret.MASK;
    }

    private static void diff(List<Plan.Change> out, String field, String from, String to) {
        if (!Objects.equals(from, to)) {
            out.add(new Plan.Change(field, from, to));
        }
    }

    private static String sorted(List<String> l) {
        return String.join(",", new TreeSet<>(l));
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }


    private boolean isSubscribed(String topicArn, String functionArn) {
        for (Subscription s : aws.sns().listSubscriptionsByTopicPaginator(r -> r.topicArn(topicArn)).subscriptions()) {
            if ("lambda".equals(s.protocol()) && functionArn.equals(s.endpoint())) {
                return true;
            }
        }
        return false;
    }

    private boolean hasPermission(String functionName, String topicArn) {
        String policy;
        try {
            policy = aws.lambda().getPolicy(r -> r.functionName(functionName)).policy();
        } catch (ResourceNotFoundException e) {
            return false;
        }
        try {
            for (JsonNode st : json.readTree(policy).path("Statement")) {
                boolean sns = "sns.amazonaws.com".equals(st.path("Principal").path("Service").asText());
                JsonNode cond = st.path("Condition").path("ArnLike").path("AWS:SourceArn");
                if (sns && topicArn.equals(cond.asText()) && "lambda:InvokeFunction".equals(st.path("Action").asText())) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Whether the current event-invoke config is the wanted one; null when the function has none. */
    private Boolean invokeConfigMatches(DeployConfig cfg) {
        GetFunctionEventInvokeConfigResponse cur;
        try {
            cur = aws.lambda().getFunctionEventInvokeConfig(r -> r.functionName(cfg.functionName()));
        } catch (ResourceNotFoundException e) {
            return null;
        }
        String dest = cur.destinationConfig() == null || cur.destinationConfig().onFailure() == null ? null
                : cur.destinationConfig().onFailure().destination();
        return Objects.equals(cur.maximumRetryAttempts(), cfg.maximumRetryAttempts())
                && Objects.equals(cur.maximumEventAgeInSeconds(), cfg.maximumEventAgeSeconds())
                && Objects.equals(dest, cfg.onFailureDestinationArn());
    }
}
