package io.opsnotify.notifier.config;

import io.opsnotify.notifier.config.ConfigProblem.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads one section of opsnotify.yaml from SnakeYAML's node tree (which keeps every node's line
 * and column), resolving {@code ${env:NAME}} references and collecting every problem with its
 * location instead of stopping at the first. The notifier's {@link ConfigLoader} and the CLI's
 * section readers (deploy, ...) share it, so all sections report alike.
 */
public class YamlWalk {
    /** {@code ${env:NAME}}; {@code $${...}} is a literal {@code ${...}}. A regex is all this needs. */
    static final Pattern ENV_REF = Pattern.compile("\\$?\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    /** The largest configuration file, counted in UTF-8 bytes of the whole file (comments included). */
    public static final int MAX_FILE_BYTES = 1024 * 1024;
    private static final String TOO_LARGE = "file is larger than 1 MiB (comments included); a configuration is far smaller";

    private final Map<String, String> env;
    protected final List<ConfigProblem> problems = new ArrayList<>();

    public YamlWalk(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * Composes the node tree of a whole file. SnakeYAML is used at node level, never to construct
     * objects: YAML tags cannot instantiate classes, and every scalar stays the string written.
     *
     * @throws ConfigException for a syntax error (with its line) or a file that is not a mapping
     */
    public static MappingNode compose(String yamlText, String sourceName) {
        // SnakeYAML's code point limit does not count comments; this counts the whole text
        if (yamlText.length() > MAX_FILE_BYTES || yamlText.getBytes(StandardCharsets.UTF_8).length > MAX_FILE_BYTES) {
            throw tooLarge(sourceName);
        }
        Node root;
        try {
            LoaderOptions lo = new LoaderOptions();
            lo.setMaxAliasesForCollections(10);
            lo.setCodePointLimit(1024 * 1024);
            DumperOptions dumper = new DumperOptions();
            root = new Yaml(new SafeConstructor(lo), new Representer(dumper), dumper, lo)
                    .compose(new StringReader(yamlText));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            throw new ConfigException(sourceName, List.of(new ConfigProblem(Kind.SYNTAX, m == null ? 0 : m.getLine() + 1,
                    m == null ? 0 : m.getColumn() + 1, "", "not valid YAML: " + e.getProblem())));
        } catch (YAMLException e) {
            throw new ConfigException(sourceName, List.of(new ConfigProblem(Kind.SYNTAX, 0, 0, "",
                    "not valid YAML: " + e.getMessage())));
        }
        if (!(root instanceof MappingNode top)) {
            throw new ConfigException(sourceName, List.of(new ConfigProblem(Kind.SYNTAX, 1, 1, "",
                    "expected a mapping with database, slack and events sections")));
        }
        return top;
    }

    static ConfigException tooLarge(String sourceName) {
        return new ConfigException(sourceName, List.of(new ConfigProblem(Kind.FILE, 0, 0, "", TOO_LARGE)));
    }

    /**
     * Reads a whole configuration file as UTF-8, refusing one over {@link #MAX_FILE_BYTES}
     * having read at most one byte more: a pipe (/dev/stdin for {@code --config -}), a FIFO or a
     * device has no size to check beforehand.
     *
     * @param notFound what to say when it does not exist
     */
    public static String read(Path file, String notFound) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigProblem(Kind.FILE, 0, 0, "", notFound)));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigProblem(Kind.FILE, 0, 0, "",
                    "cannot read: " + e.getMessage())));
        }
    }

    /** Reads at most {@link #MAX_FILE_BYTES} (and one more, to tell) from a stream, as UTF-8. */
    public static String read(InputStream in, String sourceName) throws IOException {
        byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        if (bytes.length > MAX_FILE_BYTES) {
            throw tooLarge(sourceName);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    public void throwIfProblems(String sourceName) {
        if (!problems.isEmpty()) {
            throw new ConfigException(sourceName, problems);
        }
    }

    /** Records a problem of kind {@link Kind#INVALID} at {@code at} (null: no location). */
    public void problem(Node at, String path, String message) {
        problem(Kind.INVALID, at, path, message);
    }

    /** Records a problem at {@code at} (null: no location). */
    public void problem(Kind kind, Node at, String path, String message) {
        Mark m = at == null ? null : at.getStartMark();
        problems.add(new ConfigProblem(kind, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
                path, message));
    }

    /** The mapping's entries by key; unknown and duplicate keys are problems. */
    public Map<String, NodeTuple> mapping(MappingNode node, String path, Set<String> allowed) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            String keyPath = path.isEmpty() ? String.valueOf(key) : path + "." + key;
            if (key == null) {
                problem(t.getKeyNode(), path, "keys must be plain strings");
            } else if (allowed != null && !allowed.contains(key)) {
                problem(t.getKeyNode(), keyPath, "unknown key (expected one of " + sorted(allowed) + ")");
            } else if (out.putIfAbsent(key, t) != null) {
                problem(t.getKeyNode(), keyPath, "duplicate key");
            }
        }
        return out;
    }

    public MappingNode section(NodeTuple t, MappingNode parent, String path) {
        if (t == null) {
            problem(parent, path, "missing section");
            return null;
        }
        if (!(t.getValueNode() instanceof MappingNode m)) {
            problem(t.getValueNode(), path, "must be a mapping");
            return null;
        }
        return m;
    }

    /** A scalar with env references resolved; null when absent (a problem if required). */
    public String string(Map<String, NodeTuple> m, String key, String path, Node parent, boolean required) {
        NodeTuple t = m.get(key);
        String p = path + "." + key;
        if (t == null) {
            if (required) {
                problem(parent, p, "missing");
            }
            return null;
        }
        if (!(t.getValueNode() instanceof ScalarNode s)) {
            problem(t.getValueNode(), p, "must be a single value");
            return null;
        }
        String v = resolveEnv(s.getValue(), s, p);
        if (v != null && required && v.isBlank()) {
            problem(s, p, "is empty");
        }
        return v;
    }

    public int integer(Map<String, NodeTuple> m, String key, String path, int def, int min, int max) {
        NodeTuple t = m.get(key);
        if (t == null) {
            return def;
        }
        String p = path + "." + key;
        String v = string(m, key, path, null, false);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                problem(t.getValueNode(), p, "must be between " + min + " and " + max + ", got " + n);
                return def;
            }
            return n;
        } catch (NumberFormatException e) {
            // quote what the file says, not the resolved value: it may come from a secret
            String raw = t.getValueNode() instanceof ScalarNode sc ? sc.getValue() : "?";
            problem(t.getValueNode(), p, "must be a whole number, got '" + raw + "'");
            return def;
        }
    }

    /** Resolves ${env:NAME}; a missing variable is a problem naming it (null returned). */
    public String resolveEnv(String raw, Node at, String path) {
        return resolveEnv(raw, at, path, true);
    }

    /**
     * A scalar with env references resolved, for a value the caller can do without: null when it
     * is absent, not a single value, or a reference cannot be resolved, and none of that is a
     * problem (nothing is recorded).
     */
    public String optionalQuietly(Map<String, NodeTuple> m, String key) {
        NodeTuple t = m.get(key);
        if (t == null || !(t.getValueNode() instanceof ScalarNode s)) {
            return null;
        }
        return resolveEnv(s.getValue(), s, null, false);
    }

    private String resolveEnv(String raw, Node at, String path, boolean record) {
        Matcher mt = ENV_REF.matcher(raw);
        StringBuilder sb = new StringBuilder();
        boolean ok = true;
        while (mt.find()) {
            if (mt.group().startsWith("$$")) {
                mt.appendReplacement(sb, Matcher.quoteReplacement(mt.group().substring(1)));
                continue;
            }
            String name = mt.group(1);
            String value = env.get(name);
            if (value == null) {
                if (record) {
                    problem(Kind.MISSING_ENV, at, path, "environment variable " + name + " is not set");
                }
                ok = false;
                value = "";
            }
            mt.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        mt.appendTail(sb);
        if (ENV_REF.matcher(raw).replaceAll("").contains("${env:")) {
            if (record) {
                problem(Kind.MALFORMED_ENV, at, path, "malformed ${env:NAME} reference (NAME is letters, digits and _)");
            }
            ok = false;
        }
        return ok ? sb.toString() : null;
    }

    /** An integer that may be absent (null). */
    public Integer optionalInteger(Map<String, NodeTuple> m, String key, String path, int min, int max) {
        if (!m.containsKey(key)) {
            return null;
        }
        int before = problems.size();
        int v = integer(m, key, path, Integer.MIN_VALUE, min, max);
        return problems.size() > before || v == Integer.MIN_VALUE ? null : v;
    }

    /** A sequence of strings ({@code [a, b]} or a block list); null when absent. */
    public List<String> stringList(Map<String, NodeTuple> m, String key, String path, Node parent, boolean required) {
        NodeTuple t = m.get(key);
        String p = path + "." + key;
        if (t == null) {
            if (required) {
                problem(parent, p, "missing");
            }
            return null;
        }
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
            problem(t.getValueNode(), p, "must be a list, e.g. [a, b]");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            if (!(item instanceof ScalarNode sc)) {
                problem(item, p + "[" + i + "]", "must be a single value");
                continue;
            }
            String v = resolveEnv(sc.getValue(), sc, p + "[" + i + "]");
            if (v != null) {
                out.add(v.strip());
            }
        }
        if (required && out.isEmpty()) {
            problem(t.getValueNode(), p, "must not be empty");
        }
        return out;
    }

    /** A mapping of string to string ({@code {K: v}}), env references resolved; empty when absent. */
    public Map<String, String> stringMap(Map<String, NodeTuple> m, String key, String path) {
        NodeTuple t = m.get(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (t == null) {
            return out;
        }
        String p = path + "." + key;
        if (!(t.getValueNode() instanceof MappingNode map)) {
            problem(t.getValueNode(), p, "must be a mapping, e.g. {KEY: value}");
            return out;
        }
        for (Map.Entry<String, NodeTuple> e : mapping(map, p, null).entrySet()) {
            String v = string(Map.of(e.getKey(), e.getValue()), e.getKey(), p, map, false);
            if (v != null) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    /** The text the operator wrote for a scalar, before env resolution; null when absent. */
    public static String raw(Map<String, NodeTuple> m, String key) {
        NodeTuple t = m.get(key);
        return t != null && t.getValueNode() instanceof ScalarNode s ? s.getValue() : null;
    }

    /** True when the raw value is exactly one ${env:NAME} reference (a secret kept out of files). */
    public static boolean isEnvReference(String raw) {
        return raw != null && ENV_REF.matcher(raw.strip()).matches() && !raw.strip().startsWith("$$");
    }

    static String sorted(Set<String> s) {
        List<String> l = new ArrayList<>(new HashSet<>(s));
        l.sort(null);
        return String.join(", ", l);
    }
}
