package io.opsnotify.deploy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What deploy found and what it would do. {@link #items} is for people (one line per resource);
 * the flags and values after it are what {@link DeployApplier} acts on, so the plan shown is
 * exactly the plan applied.
 */
public record Plan(
        List<Item> items,
        List<String> warnings,
        String functionArn,
        boolean createFunction,
        boolean updateCode,
        boolean updateConfiguration,
        Map<String, String> tagsToAdd,
        ConcurrencyChange concurrency,
        String topicArn,
        boolean createTopic,
        boolean addPermission,
        boolean subscribe,
        boolean putEventInvokeConfig) {

    public Plan {
        items = List.copyOf(items);
        warnings = List.copyOf(warnings);
        tagsToAdd = Collections.unmodifiableMap(new TreeMap<>(tagsToAdd)); // sorted: the step names list them in order
    }

    public enum Action {
        CREATE("+", "create"), UPDATE("~", "update"), NONE("=", "unchanged");

        public final String symbol;
        public final String word;

        Action(String symbol, String word) {
            this.symbol = symbol;
            this.word = word;
        }
    }

    /** One field that differs; values of secret fields are already masked. */
    public record Change(String field, String from, String to) {
        @Override
        public String toString() {
            return field + ": " + (from == null ? "(none)" : from) + " → " + (to == null ? "(none)" : to);
        }
    }

    public record Item(String resource, Action action, String detail, List<Change> changes) {
        public Item {
            changes = List.copyOf(changes);
        }
    }

    public enum ConcurrencyChange { NONE, PUT, DELETE }

    public boolean hasChanges() {
        return items.stream().anyMatch(i -> i.action() != Action.NONE);
    }

    public long count(Action a) {
        return items.stream().filter(i -> i.action() == a).count();
    }

    /** The statement id of the SNS invoke permission opsnotify adds (one per topic). */
    public static String permissionStatementId(String topicArn) {
        return "opsnotify-sns-" + topicArn.substring(topicArn.lastIndexOf(':') + 1);
    }
}
