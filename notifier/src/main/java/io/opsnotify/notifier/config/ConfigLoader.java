package io.opsnotify.notifier.config;

import io.opsnotify.notifier.base.Secret;
import io.opsnotify.notifier.config.ConfigProblem.Kind;
import io.opsnotify.notifier.db.DatabaseConfig;
import io.opsnotify.notifier.db.JdbcUrl;
import io.opsnotify.notifier.db.SqlQuery;
import io.opsnotify.notifier.dns.DnsConfig;
import io.opsnotify.notifier.dns.NotifierResolver;
import io.opsnotify.notifier.render.MessageTemplate;
import io.opsnotify.notifier.render.TemplateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads opsnotify.yaml. SnakeYAML composes the node tree (which keeps line and column of every
 * node); this class walks it, resolves {@code ${env:NAME}} references, compiles queries and
 * templates, and collects <em>every</em> problem with its location before failing once.
 *
 * <p>SnakeYAML is used at node level, never to construct objects, so YAML tags cannot
 * instantiate classes, and YAML 1.1 surprises ({@code on} becoming {@code true}) cannot happen:
 * every scalar is read as the string the operator wrote.
 */
public final class ConfigLoader {
    public static final String DEFAULT_FILE = "opsnotify.yaml";

    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    /**
     * Top-level sections. {@code deploy} is read by the opsnotify CLI (it never reaches the
     * function: deploy cuts it out of the packaged file), so the notifier accepts and ignores it.
     */
    public static final Set<String> TOP_LEVEL = Set.of("database", "slack", "events", "dns", "deploy");

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * @param requireWebhook false when the caller brings its own webhook or will not post (dry
     *                       run): then a missing or unresolvable slack.webhookUrl is no error
     */
    public record Options(boolean requireWebhook) {
        public static final Options STRICT = new Options(true);
    }

    public NotifierConfig load(Path file, Options options) {
        String text = YamlWalk.read(file, "file not found (give --config FILE, or create " + DEFAULT_FILE + ")");
        return parse(text, file.toString(), options);
    }

    public NotifierConfig load(InputStream in, String sourceName, Options options) {
        try (in) {
            return parse(YamlWalk.read(in, sourceName), sourceName, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public NotifierConfig parse(String yamlText, String sourceName, Options options) {
        Walk w = new Walk();
        MappingNode top = YamlWalk.compose(yamlText, sourceName);
        Map<String, NodeTuple> sections = w.mapping(top, "", TOP_LEVEL);
        DatabaseConfig db = w.database(sections.get("database"), top);
        SlackConfig slack = w.slack(sections.get("slack"), top, options);
        Map<String, EventConfig> events = w.events(sections.get("events"), top, options);
        DnsConfig dns = w.dns(sections.get("dns"));
        w.noSecretInTemplates();
        w.noSecretValueInTemplates(secretsOf(db, slack, events));
        w.throwIfProblems(sourceName);
        return new NotifierConfig(sourceName, db, slack, events, dns);
    }

    /** The secrets of a config being loaded; parts that failed to load are left out. */
    private static List<Secret> secretsOf(DatabaseConfig db, SlackConfig slack, Map<String, EventConfig> events) {
        List<Secret> out = new ArrayList<>();
        if (db != null) {
            out.add(db.password());
            out.addAll(db.urlSecrets());
        }
        if (slack != null) {
            out.add(slack.webhookUrl());
        }
        if (events != null) {
            events.values().forEach(e -> out.add(e.webhookUrl()));
        }
        out.removeIf(Objects::isNull);
        return out;
    }

    /** One pass over the tree; collects problems instead of stopping at the first. */
    private final class Walk extends YamlWalk {
        /** Environment variables that hold a secret, and the key that makes them one. */
        private final Map<String, String> secretVariables = new LinkedHashMap<>();
        /** Template and query scalars, as written: where a secret must not be referenced. */
        private final Map<String, Node> templates = new LinkedHashMap<>();

        Walk() {
            super(env);
        }

        void secretFrom(Map<String, NodeTuple> m, String key, String path) {
            String raw = raw(m, key);
            if (raw != null) {
                Matcher mt = ENV_REF.matcher(raw);
                while (mt.find()) {
                    if (!mt.group().startsWith("$$")) {
                        secretVariables.putIfAbsent(mt.group(1), path + "." + key);
                    }
                }
            }
        }

        /**
         * ${env:NAME} of a secret inside a template or query would put the secret into a Slack
         * message (or SQL text); refused however the secret is spelled there.
         */
        void noSecretInTemplates() {
            templates.forEach((path, node) -> {
                if (!(node instanceof ScalarNode s)) {
                    return;
                }
                Matcher mt = ENV_REF.matcher(s.getValue());
                while (mt.find()) {
                    String from = mt.group().startsWith("$$") ? null : secretVariables.get(mt.group(1));
                    if (from != null) {
                        problem(Kind.SECRET_IN_TEMPLATE, node, path, "references ${env:" + mt.group(1)
                                + "}, which holds a secret (" + from + "): a message or query must not carry a secret");
                    }
                }
            });
        }

        /**
         * The same by value: ${env:OTHER} whose value holds a secret's value (a copy of the
         * password or webhook URL under another name) is refused like the secret's own name.
         * The value is never shown.
         */
        void noSecretValueInTemplates(List<Secret> secrets) {
            Redactor secretValues = new Redactor(secrets);
            templates.forEach((path, node) -> {
                if (!(node instanceof ScalarNode s)) {
                    return;
                }
                Matcher mt = ENV_REF.matcher(s.getValue());
                while (mt.find()) {
                    if (mt.group().startsWith("$$") || secretVariables.containsKey(mt.group(1))) {
                        continue; // a literal, or refused by name already
                    }
                    if (secretValues.revealsSecret(env.get(mt.group(1)))) {
                        problem(Kind.SECRET_IN_TEMPLATE, node, path, "references ${env:" + mt.group(1)
                                + "}, whose value holds a secret's "
                                + "value (database password or webhook URL; not shown): a message or query must "
                                + "not carry a secret");
                    }
                }
            });
        }

        DatabaseConfig database(NodeTuple t, MappingNode top) {
            MappingNode node = section(t, top, "database");
            if (node == null) {
                return null;
            }
            String p = "database";
            Map<String, NodeTuple> m = mapping(node, p, Set.of("url", "user", "password",
                    "queryTimeoutSeconds", "connectTimeoutMs", "replicaLagWaitMs"));
            String url = string(m, "url", p, node, true);
            if (url != null && !url.isBlank()) {
                try {
                    url = JdbcUrl.check(url);
                } catch (IllegalArgumentException e) {
                    problem(Kind.DATABASE_URL, m.get("url").getValueNode(), p + ".url", e.getMessage());
                }
            }
            String user = string(m, "user", p, node, false);
            String password = string(m, "password", p, node, false);
            secretFrom(m, "password", p);
            String rawUrl = raw(m, "url");
            if (rawUrl != null && (isEnvReference(rawUrl) || !JdbcUrl.secretValues(rawUrl).isEmpty())) {
                // the whole URL from the environment, or a password written inside it
                Map<String, NodeTuple> urlSecrets = new LinkedHashMap<>();
                if (isEnvReference(rawUrl)) {
                    urlSecrets.put("url", m.get("url"));
                    secretFrom(urlSecrets, "url", p);
                }
                for (String v : JdbcUrl.secretValues(rawUrl)) {
                    Matcher mt = ENV_REF.matcher(v);
                    while (mt.find()) {
                        secretVariables.putIfAbsent(mt.group(1), p + ".url (its password)");
                    }
                }
            }
            return new DatabaseConfig(url, user, password == null ? null : Secret.of(password),
                    integer(m, "queryTimeoutSeconds", p, DatabaseConfig.DEFAULT_QUERY_TIMEOUT_SECONDS, 1, 300),
                    integer(m, "connectTimeoutMs", p, DatabaseConfig.DEFAULT_CONNECT_TIMEOUT_MS, 100, 60_000),
                    integer(m, "replicaLagWaitMs", p, DatabaseConfig.DEFAULT_REPLICA_LAG_WAIT_MS, 0, 600_000));
        }

        /** Optional section; every key optional. */
        DnsConfig dns(NodeTuple t) {
            if (t == null) {
                return DnsConfig.defaults(env);
            }
            if (!(t.getValueNode() instanceof MappingNode node)) {
                problem(t.getValueNode(), "dns", "must be a mapping");
                return DnsConfig.defaults(env);
            }
            String p = "dns";
            Map<String, NodeTuple> m = mapping(node, p, Set.of("resolvers", "timeoutMs", "attempts", "staleTtlSeconds"));
            List<String> resolvers = stringList(m, "resolvers", p, node, false);
            if (resolvers == null) {
                resolvers = DnsConfig.defaultResolvers(env);
            } else {
                if (resolvers.isEmpty()) {
                    problem(m.get("resolvers").getValueNode(), p + ".resolvers",
                            "must not be empty (leave it out for the system's resolvers)");
                }
                List<Node> items = m.get("resolvers").getValueNode() instanceof SequenceNode sq ? sq.getValue() : List.of();
                for (int i = 0; i < resolvers.size(); i++) {
                    String r = resolvers.get(i);
                    if (r.equalsIgnoreCase(DnsConfig.SYSTEM)) {
                        continue;
                    }
                    try {
                        NotifierResolver.parseServer(r);
                    } catch (IllegalArgumentException e) {
                        problem(i < items.size() ? items.get(i) : node, p + ".resolvers[" + i + "]",
                                e.getMessage() + " (or 'system')");
                    }
                }
            }
            return new DnsConfig(resolvers,
                    integer(m, "timeoutMs", p, DnsConfig.DEFAULT_TIMEOUT_MS, 10, 30_000),
                    integer(m, "attempts", p, DnsConfig.DEFAULT_ATTEMPTS, 1, 10),
                    integer(m, "staleTtlSeconds", p, DnsConfig.DEFAULT_STALE_TTL_SECONDS, 0, 86_400));
        }

        SlackConfig slack(NodeTuple t, MappingNode top, Options options) {
            MappingNode node = section(t, top, "slack");
            if (node == null) {
                return null;
            }
            String p = "slack";
            Map<String, NodeTuple> m = mapping(node, p, Set.of("webhookUrl", "connectTimeoutMs", "readTimeoutMs", "maxAttempts"));
            secretFrom(m, "webhookUrl", p);
            String url;
            if (options.requireWebhook()) {
                url = string(m, "webhookUrl", p, node, true);
                if (url != null) {
                    checkWebhook(url, m.get("webhookUrl").getValueNode(), p + ".webhookUrl");
                }
            } else {
                // the caller brings its own webhook or will not post: nothing this field says is a
                // problem; its value, when it resolves, is still a secret to keep out of messages
                url = optionalQuietly(m, "webhookUrl");
                if (url != null && url.isBlank()) {
                    url = null;
                }
            }
            return new SlackConfig(url == null ? null : Secret.of(url),
                    integer(m, "connectTimeoutMs", p, SlackConfig.DEFAULT_CONNECT_TIMEOUT_MS, 100, 60_000),
                    integer(m, "readTimeoutMs", p, SlackConfig.DEFAULT_READ_TIMEOUT_MS, 100, 120_000),
                    integer(m, "maxAttempts", p, SlackConfig.DEFAULT_MAX_ATTEMPTS, 1, 20));
        }

        /** Never echoes the value: it is a secret. */
        void checkWebhook(String url, Node at, String path) {
            String why = webhookProblem(url);
            if (why != null) {
                problem(Kind.WEBHOOK, at, path, why + " (value not shown: it is a secret)");
            }
        }

        Map<String, EventConfig> events(NodeTuple t, MappingNode top, Options options) {
            MappingNode node = section(t, top, "events");
            Map<String, EventConfig> out = new LinkedHashMap<>();
            if (node == null) {
                return out;
            }
            Map<String, NodeTuple> types = mapping(node, "events", null);
            if (types.isEmpty()) {
                problem(node, "events", "no event types configured");
            }
            for (Map.Entry<String, NodeTuple> e : types.entrySet()) {
                String type = e.getKey();
                String p = "events." + type;
                if (!EVENT_TYPE.matcher(type).matches()) {
                    problem(e.getValue().getKeyNode(), p, "event type must be letters, digits and . _ : / - (at most 128)");
                }
                if (!(e.getValue().getValueNode() instanceof MappingNode ev)) {
                    problem(e.getValue().getValueNode(), p, "must be a mapping with query and text");
                    continue;
                }
                Map<String, NodeTuple> m = mapping(ev, p, Set.of("query", "text", "blocks", "webhookUrl"));
                secretFrom(m, "webhookUrl", p);
                for (String k : List.of("query", "text", "blocks")) {
                    if (m.containsKey(k)) {
                        templates.put(p + "." + k, m.get(k).getValueNode());
                    }
                }
                String query = string(m, "query", p, ev, true);
                SqlQuery sql = null;
                if (query != null && !query.isBlank()) {
                    try {
                        sql = SqlQuery.parse(query);
                    } catch (IllegalArgumentException ex) {
                        problem(Kind.QUERY, m.get("query").getValueNode(), p + ".query", ex.getMessage());
                    }
                }
                String text = string(m, "text", p, ev, true);
                String blocks = string(m, "blocks", p, ev, false);
                MessageTemplate template = null;
                if (text != null && !text.isBlank()) {
                    try {
                        template = MessageTemplate.compile(text, blocks);
                    } catch (TemplateException ex) {
                        boolean inBlocks = ex.part() == TemplateException.Part.BLOCKS && m.containsKey("blocks");
                        problem(Kind.TEMPLATE, m.get(inBlocks ? "blocks" : "text").getValueNode(),
                                p + (inBlocks ? ".blocks" : ".text"), ex.getMessage());
                    }
                }
                String hook = null; // not read when the caller brings its own webhook or will not post
                if (options.requireWebhook()) {
                    hook = string(m, "webhookUrl", p, ev, false);
                    if (hook != null) {
                        checkWebhook(hook, m.get("webhookUrl").getValueNode(), p + ".webhookUrl");
                    }
                }
                out.put(type, new EventConfig(type, sql, template, hook == null ? null : Secret.of(hook)));
            }
            return out;
        }
    }

    /**
     * Why a webhook URL is unusable, or null. https is required except to a loopback host
     * (local receivers in tests and the demo); the value itself is never part of the answer.
     */
    public static String webhookProblem(String url) {
        URI u;
        try {
            u = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            return "is not a valid URL";
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        String host = u.getHost();
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "must be an https:// URL such as Slack's https://hooks.slack.com/services/...";
        }
        // 127.x must be an IPv4 literal: "127.attacker.example" is a DNS name like any other
        if (scheme.equals("http") && !(host.equalsIgnoreCase("localhost")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || host.equals("[::1]"))) {
            return "must use https (plain http is accepted only for a loopback test receiver)";
        }
        return null;
    }

}
