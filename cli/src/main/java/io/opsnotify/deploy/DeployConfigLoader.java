package io.opsnotify.deploy;

import java.util.Comparator;
import org.yaml.snakeyaml.nodes.ScalarNode;
import io.opsnotify.notifier.config.ConfigException;
import io.opsnotify.notifier.config.ConfigLoader;
import io.opsnotify.notifier.config.ConfigProblem;
import io.opsnotify.notifier.db.JdbcUrl;
import io.opsnotify.notifier.config.NotifierConfig;
import io.opsnotify.notifier.config.YamlWalk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Reads opsnotify.yaml for deploy: the {@code deploy:} section (with ${env:...} resolved from
 * the operator's environment), and the notifier's sections validated exactly as the function
 * will load them, i.e. against the function's environment (deploy.environment), so that a
 * reference the function could not resolve fails here and not at the function's first start.
 * Every problem of every section is reported at once.
 */
public final class DeployConfigLoader {
    static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");
    static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8,17}");
    static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{8,17}");
    static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");
    static final Pattern DESTINATION_ARN = Pattern.compile("arn:aws[a-z-]*:(sqs|sns|lambda|events):[a-z0-9-]+:\\d{12}:\\S+");
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    static final Set<String> KEYS = Set.of("functionName", "roleArn", "subnetIds", "securityGroupIds", "memoryMb",
            "timeoutSeconds", "reservedConcurrency", "topicName", "topicArn", "onFailureDestinationArn",
            "maximumRetryAttempts", "maximumEventAgeSeconds", "environment", "tags");

    private final Map<String, String> env;
    public DeployConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    public DeployConfig load(Path file) {
        String source = file.toString();
        String text = YamlWalk.read(file, "file not found (give --config FILE, or create " + ConfigLoader.DEFAULT_FILE + ")");
        return parse(text, source);
    }

    public DeployConfig parse(String text, String source) {
        MappingNode top = YamlWalk.compose(text, source);
        YamlWalk w = new YamlWalk(env);
        Map<String, NodeTuple> sections = w.mapping(top, "", ConfigLoader.TOP_LEVEL);
        NodeTuple deployTuple = sections.get("deploy");
        MappingNode node = w.section(deployTuple, top, "deploy");
        DeployConfig partial = node == null ? null : deploySection(w, node);
        secretsMustBeReferences(w, sections);
        List<ConfigProblem> problems = new ArrayList<>(w.problems());

        String packaged = deployTuple == null ? text : cut(text, deployTuple);
        NotifierConfig notifier = null;
        Map<String, String> functionEnv = partial == null ? Map.of() : partial.functionEnvironment();
        try {
            notifier = new ConfigLoader(functionEnv).parse(text, source, ConfigLoader.Options.STRICT);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            if (e.problems().stream().anyMatch(p -> p.kind() == ConfigProblem.Kind.MISSING_ENV)) {
                problems.add(new ConfigProblem(ConfigProblem.Kind.MISSING_ENV, 0, 0, "deploy.environment",
                        "the function resolves ${env:...} from deploy.environment: add the variables named above there"));
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
            throw new ConfigException(source, problems);
        }
        return new DeployConfig(partial.functionName(), partial.roleArn(), partial.subnetIds(), partial.securityGroupIds(),
                partial.memoryMb(), partial.timeoutSeconds(), partial.reservedConcurrency(), partial.topicName(),
                partial.topicArn(), partial.onFailureDestinationArn(), partial.maximumRetryAttempts(),
                partial.maximumEventAgeSeconds(), partial.environment(), partial.tags(), packaged, notifier);
    }

    private DeployConfig deploySection(YamlWalk w, MappingNode node) {
        String p = "deploy";
        Map<String, NodeTuple> m = w.mapping(node, p, KEYS);
        String functionName = checked(w, m, "functionName", FUNCTION_NAME, true, "letters, digits, - and _, at most 64");
        String roleArn = checked(w, m, "roleArn", ROLE_ARN, true, "an IAM role ARN: arn:aws:iam::<account>:role/<name>");
        List<String> subnets = w.stringList(m, "subnetIds", p, node, true);
        each(w, m, "subnetIds", subnets, SUBNET, "a subnet id such as subnet-0a1b2c3d");
        List<String> groups = w.stringList(m, "securityGroupIds", p, node, true);
        each(w, m, "securityGroupIds", groups, SECURITY_GROUP, "a security group id such as sg-0123abcd");
        int memory = w.integer(m, "memoryMb", p, 512, 128, 10240);
        int timeout = w.integer(m, "timeoutSeconds", p, 30, 1, 900);
        Integer concurrency = w.optionalInteger(m, "reservedConcurrency", p, 1, 1000);
        String topicName = checked(w, m, "topicName", TOPIC_NAME, false, "letters, digits, - and _");
        String topicArn = checked(w, m, "topicArn", TOPIC_ARN, false, "an SNS topic ARN");
        if (m.containsKey("topicName") == m.containsKey("topicArn")) {
            w.problem(node, p, "give exactly one of topicName (a topic opsnotify creates) or topicArn (an existing topic)");
        }
        String destination = checked(w, m, "onFailureDestinationArn", DESTINATION_ARN, false,
                "an SQS queue, SNS topic, Lambda function or EventBridge bus ARN");
        int retries = w.integer(m, "maximumRetryAttempts", p, 2, 0, 2);
        int age = w.integer(m, "maximumEventAgeSeconds", p, 3600, 60, 21600);
        Map<String, String> environment = w.stringMap(m, "environment", p);
        for (String k : environment.keySet()) {
            if (!ENV_NAME.matcher(k).matches() || k.startsWith("AWS_") || k.startsWith("LAMBDA_")) {
                w.problem(m.get("environment").getValueNode(), p + ".environment." + k,
                        "not a usable variable name (letters, digits and _; AWS_ and LAMBDA_ are reserved by Lambda)");
            }
        }
        Map<String, String> tags = w.stringMap(m, "tags", p);
        if (tags.containsKey(DeployConfig.OWNER_TAG)) {
            w.problem(m.get("tags").getValueNode(), p + ".tags", DeployConfig.OWNER_TAG + " is set by opsnotify itself");
        }
        return new DeployConfig(functionName, roleArn, subnets == null ? List.of() : subnets,
                groups == null ? List.of() : groups, memory, timeout, concurrency, topicName, topicArn, destination,
                retries, age, environment, tags, null, null);
    }

    private static String checked(YamlWalk w, Map<String, NodeTuple> m, String key, Pattern pattern, boolean required,
                                  String what) {
        String v = w.string(m, key, "deploy", null, false);
        if (v == null) {
            if (required && !m.containsKey(key)) {
                w.problem(null, "deploy." + key, "missing (" + what + ")");
            }
            return null;
        }
        if (!pattern.matcher(v.strip()).matches()) {
            w.problem(m.get(key).getValueNode(), "deploy." + key, "must be " + what + ", got '" + v + "'");
            return null;
        }
        return v.strip();
    }

    private static void each(YamlWalk w, Map<String, NodeTuple> m, String key, List<String> values, Pattern pattern,
                             String what) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (!pattern.matcher(values.get(i)).matches()) {
                w.problem(m.get(key).getValueNode(), "deploy." + key + "[" + i + "]", "must be " + what + ", got '"
                        + values.get(i) + "'");
            }
        }
    }

    /**
     * The package carries the config file, so a secret written into it would travel too:
     * passwords and webhook URLs must be ${env:NAME} references, set via deploy.environment.
     */
    private static void secretsMustBeReferences(YamlWalk w, Map<String, NodeTuple> sections) {
        Map<String, Node> secrets = new LinkedHashMap<>();
        collect(sections.get("database"), "database", "password", secrets);
        collect(sections.get("slack"), "slack", "webhookUrl", secrets);
        NodeTuple events = sections.get("events");
        if (events != null && events.getValueNode() instanceof MappingNode ev) {
            for (NodeTuple t : ev.getValue()) {
                String type = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
                collect(t, "events." + type, "webhookUrl", secrets);
            }
        }
        urlPasswordMustBeReference(w, sections.get("database"));
        secrets.forEach((path, value) -> {
            String raw = value instanceof ScalarNode s ? s.getValue() : null;
            if (!YamlWalk.isEnvReference(raw)) {
                w.problem(ConfigProblem.Kind.SECRET_LITERAL, value, path, "must be an ${env:NAME} reference for deploy: the config file travels in the "
                        + "function's package, secrets must not (set NAME in deploy.environment; value not shown)");
            }
        });
    }

    /** A password written inside database.url travels with the file like database.password would. */
    private static void urlPasswordMustBeReference(YamlWalk w, NodeTuple database) {
        Map<String, Node> url = new LinkedHashMap<>();
        collect(database, "database", "url", url);
        url.forEach((path, value) -> {
            String raw = value instanceof ScalarNode s ? s.getValue() : null;
            if (raw != null && JdbcUrl.secretValues(raw).stream().anyMatch(v -> !YamlWalk.isEnvReference(v))) {
                w.problem(ConfigProblem.Kind.SECRET_LITERAL, value, path, "a password inside the URL must be an ${env:NAME} reference for deploy "
                        + "(password=${env:NAME}), or leave it out and use database.password: the config file travels "
                        + "in the function's package, secrets must not (value not shown)");
            }
        });
    }

    private static void collect(NodeTuple section, String path, String key, Map<String, Node> out) {
        if (section != null && section.getValueNode() instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    out.put(path + "." + key, t.getValueNode());
                }
            }
        }
    }

    /** The file without its deploy section (whole lines), the rest byte for byte as written. */
    static String cut(String text, NodeTuple deploy) {
        // marks count code points; String indexes count chars (they differ after an emoji)
        int start = text.offsetByCodePoints(0, deploy.getKeyNode().getStartMark().getIndex());
        int end = text.offsetByCodePoints(0, Math.min(deploy.getValueNode().getEndMark().getIndex(),
                text.codePointCount(0, text.length())));
        int lineStart = text.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
        int lineEnd = text.indexOf('\n', Math.max(end - 1, start));
        lineEnd = lineEnd < 0 ? text.length() : lineEnd + 1;
        if (end > 0 && end <= text.length() && text.charAt(end - 1) == '\n') {
            lineEnd = end;
        }
        return text.substring(0, lineStart) + text.substring(lineEnd);
    }
}
