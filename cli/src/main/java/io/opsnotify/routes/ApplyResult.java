package io.opsnotify.routes;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What applying a {@link SyncPlan} did, per route table. */
public record ApplyResult(List<TableResult> tables) {
    /** Nothing applied (a dry run, nothing to change, or a refused plan). */
    public static final ApplyResult NONE = new ApplyResult(List.of());

    public ApplyResult {
        tables = List.copyOf(tables);
    }

    /**
     * One table: the routes added and removed, and each change that failed, as one line
     * ({@code "add 13.32.0.0/15: AWS error ..."}).
     */
    public record TableResult(String routeTableId, List<String> added, List<String> removed, List<String> failed) {
        public TableResult {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            failed = List.copyOf(failed);
        }
    }

    /** The result for this table, if it was applied. */
    public Optional<TableResult> of(String routeTableId) {
        return tables.stream().filter(t -> t.routeTableId().equals(routeTableId)).findFirst();
    }

    /** The failed changes of this table; empty when none failed or it was not applied. */
    public List<String> failed(String routeTableId) {
        return of(routeTableId).map(TableResult::failed).orElse(List.of());
    }

    /** Every failed change, in table order. */
    public Stream<String> failures() {
        return tables.stream().flatMap(t -> t.failed().stream());
    }
}
