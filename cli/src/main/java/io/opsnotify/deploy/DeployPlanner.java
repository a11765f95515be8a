package io.opsnotify.deploy;

import io.opsnotify.notifier.base.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads the current state with read-only calls (Get*, List*, Describe*) and compares it, field by
 * field, with what the config asks for. Makes no change.
 */
public final class DeployPlanner {
    /** Environment variables shown in clear in a plan; every other value is masked. */
    static final Set<String> PUBLIC_ENV = Set.of("JAVA_TOOL_OPTIONS");
    /** The service, action and subscription protocol that let the topic invoke the function. */
    static final String SNS_SERVICE = "sns.amazonaws.com";
    static final String INVOKE_ACTION = "lambda:InvokeFunction";
    static final String LAMBDA_PROTOCOL = "lambda";

    private final Functions functions;
    private final Topics topics;
    private final Network network;

    public DeployPlanner(Functions functions, Topics topics, Network network) {
        this.functions = functions;
        this.topics = topics;
        this.network = network;
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
        network.securityGroups(cfg.securityGroupIds()); // fails loudly if one is missing

        Optional<Functions.Deployed> fn = functions.find(cfg.functionName());
        String functionArn;
        boolean create = fn.isEmpty();
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
            Functions.Deployed current = fn.get();
            functionArn = current.arn();
            Map<String, String> tags = current.tags();
            if (!"true".equals(tags.get(DeployConfig.OWNER_TAG))) {
                throw new NotOwnedException("function " + cfg.functionName() + " exists but is not managed by opsnotify "
                        + "(it has no " + DeployConfig.OWNER_TAG + "=true tag); deploy touches only what it owns. "
                        + "Choose another deploy.functionName, or tag the function if it really is opsnotify's.");
            }
            updateCode = !pkg.sha256().equals(current.codeSha256());
            items.add(new Plan.Item("function code", updateCode ? Plan.Action.UPDATE : Plan.Action.NONE,
                    updateCode ? "sha256 " + current.codeSha256() + " → " + pkg.sha256() : "sha256 " + pkg.sha256(),
                    List.of()));
            List<Plan.Change> changes = configurationChanges(cfg, current.settings());
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
            OptionalInt reserved = create ? OptionalInt.empty() : functions.reservedConcurrency(cfg.functionName());
            Integer current = reserved.isPresent() ? reserved.getAsInt() : null;
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
            topics.requireExisting(topicArn); // NotFound: the configured topic is missing
            items.add(new Plan.Item("topic " + topicArn, Plan.Action.NONE, "existing topic (not managed by opsnotify)", List.of()));
        } else {
            topicArn = topics.findByName(cfg.topicName()).orElse(null);
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
        List<Network.Subnet> subnets = network.subnets(cfg.subnetIds());
        Set<String> azs = subnets.stream().map(Network.Subnet::availabilityZone).collect(Collectors.toCollection(TreeSet::new));
        List<String> out = new ArrayList<>();
        if (azs.size() < 2) {
            out.add("all subnets are in " + String.join(", ", azs) + ": use subnets in at least two availability "
                    + "zones so the notifier survives an AZ outage");
        }
        Set<String> vpcs = subnets.stream().map(Network.Subnet::vpcId).collect(Collectors.toSet());
        if (vpcs.size() > 1) {
            out.add("the subnets are in different VPCs " + vpcs + ": Lambda will refuse this");
        }
        return out;
    }

    static List<Plan.Change> configurationChanges(DeployConfig cfg, Functions.Settings cur) {
        List<Plan.Change> c = new ArrayList<>();
        diff(c, "Runtime", cur.runtime(), DeployConfig.RUNTIME);
        diff(c, "Handler", cur.handler(), DeployConfig.HANDLER);
        diff(c, "Role", cur.roleArn(), cfg.roleArn());
        diff(c, "MemorySize", str(cur.memoryMb()), String.valueOf(cfg.memoryMb()));
        diff(c, "Timeout", str(cur.timeoutSeconds()), String.valueOf(cfg.timeoutSeconds()));
        diff(c, "VpcConfig.SubnetIds", sorted(cur.subnetIds()), sorted(cfg.subnetIds()));
        diff(c, "VpcConfig.SecurityGroupIds", sorted(cur.securityGroupIds()), sorted(cfg.securityGroupIds()));
        Map<String, String> curEnv = cur.environment();
        Map<String, String> want = cfg.functionEnvironment();
        Set<String> names = new TreeSet<>(curEnv.keySet());
        names.addAll(want.keySet());
        for (String n : names) {
            String from = curEnv.get(n);
            String to = want.get(n);
            if (!Objects.equals(from, to)) {
                // a removed variable is "(none)", not the text "null"
                String shown = to == null ? null : mask(n, to) + (from != null && !PUBLIC_ENV.contains(n) ? " (changed)" : "");
                c.add(new Plan.Change("Environment." + n, mask(n, from), shown));
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
        return topics.subscriptions(topicArn).contains(new Topics.Subscription(LAMBDA_PROTOCOL, functionArn));
    }

    private boolean hasPermission(String functionName, String topicArn) {
        return functions.permissions(functionName).stream().anyMatch(p -> SNS_SERVICE.equals(p.principalService())
                && INVOKE_ACTION.equals(p.action()) && topicArn.equals(p.sourceArn()));
    }

    /** Whether the current event-invoke config is the wanted one; null when the function has none. */
    private Boolean invokeConfigMatches(DeployConfig cfg) {
        return functions.eventInvokeConfig(cfg.functionName()).map(wantedInvokeConfig(cfg)::equals).orElse(null);
    }

    static Functions.InvokeConfig wantedInvokeConfig(DeployConfig cfg) {
        return new Functions.InvokeConfig(cfg.maximumRetryAttempts(), cfg.maximumEventAgeSeconds(),
                cfg.onFailureDestinationArn());
    }
}
