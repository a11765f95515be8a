package io.opsnotify.vpc;

import io.opsnotify.notifier.config.ConfigProblem;
import io.opsnotify.notifier.config.ConfigException;
import io.opsnotify.notifier.config.YamlWalk;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * What to check: the function's subnets and security groups, and where they came from (shown in
 * the output). {@code problem} is set instead when there is nothing to check, e.g. a function
 * that is not in a VPC; the check then reports CRITICAL with it.
 */
public record VpcTarget(String source, List<String> subnetIds, List<String> securityGroupIds, String problem) {
    public VpcTarget {
        subnetIds = List.copyOf(subnetIds);
        securityGroupIds = List.copyOf(securityGroupIds);
    }

    public static VpcTarget of(String source, List<String> subnetIds, List<String> securityGroupIds) {
        return new VpcTarget(source, subnetIds, securityGroupIds, null);
    }

    public static VpcTarget unusable(String source, String problem) {
        return new VpcTarget(source, List.of(), List.of(), problem);
    }

    /**
     * Only {@code deploy.subnetIds} and {@code deploy.securityGroupIds} of a config file. The rest
     * of the file is not validated (a check should not need the notifier's secrets in its
     * environment); ${env:...} in these two lists is resolved from {@code env}.
     *
     * @throws ConfigException when the file is not YAML, or the deploy section or its subnetIds are missing
     */
    public static VpcTarget fromConfig(String yamlText, String source, Map<String, String> env) {
        MappingNode top = YamlWalk.compose(yamlText, source);
        YamlWalk w = new YamlWalk(env);
        NodeTuple deploy = w.mapping(top, "", null).get("deploy");
        MappingNode section = w.section(deploy, top, "deploy");
        List<String> subnets = null;
        List<String> groups = null;
        if (section != null) {
            Map<String, NodeTuple> m = w.mapping(section, "deploy", null);
            subnets = w.stringList(m, "subnetIds", "deploy", section, true);
            groups = w.stringList(m, "securityGroupIds", "deploy", section, false);
        }
        w.throwIfProblems(source);
        if (subnets == null) {
            throw new ConfigException(source, List.of(new ConfigProblem(ConfigProblem.Kind.INVALID, 0, 0, "deploy.subnetIds", "missing")));
        }
        return of(source + " (deploy section)", subnets, groups == null ? List.of() : groups);
    }
}
