package io.opsnotify.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The whole plan of a sync-cf-routes run: the ranges, the options, each table's plan. Any
 * problem ({@link #allProblems()} non-empty) means: refuse, change nothing.
 *
 * @param problems problems of the run itself (the file), before any table's
 */
public record SyncPlan(IpRanges ranges, RouteSync.Options options, List<TablePlan> tables, List<String> problems) {
    public SyncPlan {
        Objects.requireNonNull(ranges, "ranges");
        Objects.requireNonNull(options, "options");
        tables = List.copyOf(tables);
        problems = List.copyOf(problems);
    }

    public boolean hasChanges() {
        return tables.stream().anyMatch(TablePlan::hasChanges);
    }

    /** The run's problems, then each table's, in table order. */
    public List<String> allProblems() {
        List<String> all = new ArrayList<>(problems);
        tables.forEach(t -> all.addAll(t.problems()));
        return List.copyOf(all);
    }

    /** The prefixes of the service in the file, both families. */
    int prefixCount() {
        return ranges.cidrsOrNone(options.service(), IpFamily.IPV4).size()
                + ranges.cidrsOrNone(options.service(), IpFamily.IPV6).size();
    }
}
