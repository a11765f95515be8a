package io.opsnotify.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opsnotify.check.CheckReport;
import io.opsnotify.check.CheckStatus;
import io.opsnotify.notifier.base.SafeText;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What sync-cf-routes reports: the status, the one-line summary (the first line monitoring
 * reads), the detail lines, and the same as one JSON document. Built by {@link #stopped} (the
 * run ended before any plan), {@link #refused} (a plan with problems) or {@link #concluded}.
 * Every line and every message in the JSON goes through {@link SafeText#line}: parts come from
 * the ranges file (CIDRs, service names in messages) or from AWS (error messages, ids, tags).
 *
 * @param plan      the plan, null when the run stopped before there was one
 * @param result    what applying did ({@link ApplyResult#NONE} when nothing was applied)
 * @param uncovered host addresses no route covers ({@code --verify-hosts})
 * @param details   the lines after the summary (not yet escaped)
 * @param problems  why nothing was changed, for a refused plan (not yet escaped)
 */
public record SyncReport(CheckStatus status, String summary, RouteSync.Strategy strategy, SyncPlan plan, ApplyResult result,
                         boolean applied, List<HostCheck.UncoveredAddress> uncovered, List<String> details,
                         List<String> problems) implements CheckReport {
    public SyncReport {
        uncovered = List.copyOf(uncovered);
        details = List.copyOf(details);
        problems = List.copyOf(problems);
    }

    /** The run ends before a plan: an unusable file, a failed read. */
    static SyncReport stopped(RouteSync.Options o, CheckStatus status, String detail) {
        return new SyncReport(status, status.line(detail), o.strategy(), null, ApplyResult.NONE, false, List.of(), List.of(),
                List.of());
    }

    /** A plan with problems: CRITICAL, nothing changed; the first problem in the summary, each on a line. */
    static SyncReport refused(SyncPlan plan, List<String> problems) {
        String summary = CheckStatus.CRITICAL.line(problems.get(0) + (problems.size() > 1 ? " (+" + (problems.size() - 1)
                + " more)" : ""));
        return new SyncReport(CheckStatus.CRITICAL, summary, plan.options().strategy(), plan, ApplyResult.NONE, false, List.of(),
                problems.stream().map(p -> "  ✗ " + p).toList(), problems);
    }

    /**
     * A plan with no problem, applied or not: OK; WARNING for warnings of the plan, addresses the
     * routes do not cover, hosts that did not resolve; UNKNOWN when route changes failed.
     */
    static SyncReport concluded(SyncPlan plan, boolean dryRun, boolean applied, ApplyResult result,
                                HostCheck.Verification verification) {
        RouteSync.Options o = plan.options();
        int adds = 0;
        int removes = 0;
        for (TablePlan t : plan.tables()) {
            for (TablePlan.FamilyPlan f : t.families().values()) {
                adds += f.changes().add().size();
                removes += f.changes().remove().size();
            }
        }
        List<String> warnings = new ArrayList<>();
        plan.tables().forEach(t -> warnings.addAll(t.warnings()));
        verification.uncovered().forEach(u -> warnings.add(u.host() + " resolves to " + u.address()
                + ", which the routes do not cover: traffic to it will not use " + o.natGatewayId()));
        warnings.addAll(verification.unresolved());
        String head = o.service() + " syncToken " + plan.ranges().syncToken() + ", " + o.strategy().label() + ": ";
        String what = !plan.hasChanges() ? "routes in sync on " + String.join(", ", o.routeTableIds())
                : (dryRun ? "dry run: would add " : applied ? "added " : "would add ") + adds + ", "
                + (dryRun ? "remove " : applied ? "removed " : "remove ") + removes + " routes";
        List<String> failures = result.failures().toList();
        CheckStatus status;
        String summary;
        if (!failures.isEmpty()) {
            status = CheckStatus.UNKNOWN;
            summary = failures.size() + " route change(s) failed, " + failures.get(0) + "; run again to converge";
        } else if (!warnings.isEmpty()) {
            status = CheckStatus.WARNING;
            summary = warnings.get(0) + (warnings.size() > 1 ? " (+" + (warnings.size() - 1) + " more)" : "") + "; " + head + what;
        } else {
            status = CheckStatus.OK;
            summary = head + what;
        }
        List<String> details = new ArrayList<>(planLines(plan));
        warnings.forEach(w -> details.add("  ! warning: " + w));
        plan.tables().forEach(t -> result.failed(t.routeTableId()).forEach(f -> details.add("  ✗ " + t.routeTableId() + ": " + f)));
        return new SyncReport(status, status.line(summary), o.strategy(), plan, result, applied, verification.uncovered(), details,
                List.of());
    }

    @Override
    public List<String> textLines() {
        List<String> lines = new ArrayList<>();
        lines.add(SafeText.line(summary));
        details.forEach(d -> lines.add(SafeText.line(d)));
        return lines;
    }

    /**
     * {@code {"status","summary","strategy","syncToken","add","remove","routesWanted","extraAddresses",
     * "keep","tables":[{"routeTableId","skipped","add","remove","keep","failed"}],"applied",
     * "uncoveredHosts":[{"host","address"}],"problems"}}; without a plan, {@code "syncToken": null}
     * and no route fields.
     */
    @Override
    public ObjectNode json(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("status", status.name());
        root.put("summary", SafeText.line(summary));
        root.put("strategy", strategy.label());
        if (plan == null) {
            root.putNull("syncToken");
        } else {
            root.put("syncToken", plan.ranges().syncToken());
            ArrayNode add = root.putArray("add");
            ArrayNode remove = root.putArray("remove");
            int wanted = 0;
            BigInteger extra = BigInteger.ZERO;
            int keep = 0;
            ArrayNode tables = mapper.createArrayNode();
            for (TablePlan t : plan.tables()) {
                ObjectNode tn = tables.addObject().put("routeTableId", t.routeTableId()).put("skipped", t.skipped());
                ArrayNode tableAdd = tn.putArray("add");
                ArrayNode tableRemove = tn.putArray("remove");
                int tableKeep = 0;
                for (TablePlan.FamilyPlan f : t.families().values()) {
                    f.changes().add().forEach(c -> {
                        add.add(c);
                        tableAdd.add(c);
                    });
                    f.changes().remove().forEach(c -> {
                        remove.add(c);
                        tableRemove.add(c);
                    });
                    tableKeep += f.changes().keep();
                    wanted = Math.max(wanted, f.desired().size());
                    extra = extra.max(f.extraAddresses());
                }
                keep += tableKeep;
                tn.put("keep", tableKeep);
                ArrayNode failed = tn.putArray("failed");
                result.failed(t.routeTableId()).forEach(x -> failed.add(SafeText.line(x)));
            }
            root.put("routesWanted", wanted);
            root.put("extraAddresses", extra);
            root.put("keep", keep);
            root.set("tables", tables);
        }
        root.put("applied", applied);
        ArrayNode hosts = root.putArray("uncoveredHosts");
        uncovered.forEach(u -> hosts.addObject().put("host", u.host()).put("address", u.address()));
        ArrayNode problemList = root.putArray("problems");
        problems.forEach(p -> problemList.add(SafeText.line(p)));
        return root;
    }

    /** The plan, one line per table and family, then one per changed route (not yet escaped). */
    public static List<String> planLines(SyncPlan plan) {
        List<String> lines = new ArrayList<>();
        for (TablePlan t : plan.tables()) {
            if (t.skipped()) {
                lines.add(t.routeTableId() + ": skipped");
                continue;
            }
            for (Map.Entry<IpFamily, TablePlan.FamilyPlan> e : t.families().entrySet()) {
                TablePlan.FamilyPlan f = e.getValue();
                RoutePlan p = f.changes();
                BigInteger extra = f.extraAddresses();
                lines.add(t.routeTableId() + " " + (e.getKey() == IpFamily.IPV4 ? "IPv4" : "IPv6") + ": "
                        + f.desired().size() + " routes wanted ("
                        + (extra.signum() == 0 ? "exactly the published ranges" : extra + " extra addresses routed") + "): +"
                        + p.add().size() + " −" + p.remove().size() + " =" + p.keep());
                p.add().forEach(c -> lines.add("  + " + c));
                p.remove().forEach(c -> lines.add("  - " + c));
            }
        }
        return lines;
    }
}
