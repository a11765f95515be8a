package io.opsnotify.routes;

import java.math.BigInteger;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One route table's plan: what is to change per address family, or why nothing may change.
 * Immutable; what applying it did is an {@link ApplyResult}.
 *
 * @param state    what opsnotify remembered on the table (read from {@code tags})
 * @param families the plan of each family planned, IPv4 first
 * @param problems why nothing may change on this table (CRITICAL); empty when it may
 * @param warnings what the operator should know (a conflicting route, an older file skipped)
 * @param skipped  the table is left as it is: it already has a newer file
 */
public record TablePlan(String routeTableId, String vpcId, Map<String, String> tags, OwnershipTags.State state,
                        Map<IpFamily, FamilyPlan> families, List<String> problems, List<String> warnings, boolean skipped) {
    public TablePlan {
        tags = Map.copyOf(tags);
        families = Collections.unmodifiableMap(families.isEmpty() ? new EnumMap<>(IpFamily.class) : new EnumMap<>(families));
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /**
     * One family's plan.
     *
     * @param changes        the routes to add and remove, and how many are kept
     * @param desired        every route wanted (the cover)
     * @param extraAddresses addresses the cover routes beyond the published ranges ({@code fit}); 0 for {@code exact}
     */
    public record FamilyPlan(RoutePlan changes, List<String> desired, BigInteger extraAddresses) {
        public FamilyPlan {
            desired = List.copyOf(desired);
        }
    }

    /** A table read but not planned (the whole run is refused for another reason). */
    static TablePlan unplanned(RouteTables.Table t) {
        return new TablePlan(t.id(), t.vpcId(), t.tags(), OwnershipTags.read(t.tags()), Map.of(), List.of(), List.of(), false);
    }

    TablePlan refused(String problem) {
        return new TablePlan(routeTableId, vpcId, tags, state, families, List.of(problem), warnings, false);
    }

    TablePlan skipped(String warning) {
        return new TablePlan(routeTableId, vpcId, tags, state, families, problems, List.of(warning), true);
    }

    public boolean hasChanges() {
        return !skipped && families.values().stream().anyMatch(f -> !f.changes().isEmpty());
    }

    /** Whether apply may touch this table. */
    boolean applicable() {
        return !skipped && problems.isEmpty();
    }
}
