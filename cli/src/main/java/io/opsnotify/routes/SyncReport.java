package io.opsnotify.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opsnotify.notifier.base.SafeText;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What sync-cf-routes prints: the one-line summary first (monitoring reads it), then the details,
 * or the same as JSON; and the exit code of the monitoring convention (0 OK, 1 WARNING,
 * 2 CRITICAL, 3 UNKNOWN). Every line goes through {@link SafeText#line}.
 */
public final class SyncReport {
    private static final int OK = 0;
    private static final int WARNING = 1;
    private static final int CRITICAL = 2;
    private static final int UNKNOWN = 3;

    private final ObjectMapper json;
    private final boolean jsonOutput;
    private final String strategy;
    private final String service;
    private final String natGatewayId;
    private final List<String> routeTableIds;
    private List<Map.Entry<String, String>> uncovered = List.of();
    private boolean applied;

    /** @param jsonOutput {@code --output json} rather than text */
    public SyncReport(ObjectMapper json, boolean jsonOutput, String strategy, String service, String natGatewayId,
                      List<String> routeTableIds) {
        this.json = json;
        this.jsonOutput = jsonOutput;
        this.strategy = strategy;
        this.service = service;
        this.natGatewayId = natGatewayId;
        this.routeTableIds = List.copyOf(routeTableIds);
    }

    /** The result of applying (or not) and of {@code --verify-hosts}, for {@link #conclude}. */
    public SyncReport outcome(boolean applied, List<Map.Entry<String, String>> uncovered) {
        this.applied = applied;
        this.uncovered = List.copyOf(uncovered);
        return this;
    }

    /** Prints the outcome of a plan that had no problems: OK, WARNING, or UNKNOWN when route changes failed. */
    public int conclude(PrintWriter out, RouteSync.Plan plan, boolean apply, boolean dry, List<String> resolveErrors) {
        int adds = 0;
        int removes = 0;
        int failed = 0;
        for (RouteSync.TablePlan t : plan.tables()) {
            for (RoutePlan p : t.plans.values()) {
                adds += p.add().size();
                removes += p.remove().size();
            }
            failed += t.failed.size();
        }
        List<String> warnings = new ArrayList<>();
        plan.tables().forEach(t -> warnings.addAll(t.warnings));
        uncovered.forEach(u -> warnings.add(u.getKey() + " resolves to " + u.getValue()
                + ", which the routes do not cover: traffic to it will not use " + natGatewayId));
        warnings.addAll(resolveErrors);
        String head = service + " syncToken " + plan.ranges().syncToken() + ", " + RouteSync.strategyName(plan.options().strategy())
                + ": ";
        String what = !plan.hasChanges() ? "routes in sync on " + String.join(", ", routeTableIds)
                : (dry ? "dry run: would add " : apply ? "added " : "would add ") + adds + ", "
                + (dry ? "remove " : apply ? "removed " : "remove ") + removes + " routes";
        int code;
        String summary;
        if (failed > 0) {
            code = UNKNOWN;
            String first = plan.tables().stream().flatMap(t -> t.failed.stream()).findFirst().orElse("");
            summary = "UNKNOWN: " + failed + " route change(s) failed, " + first + "; run again to converge";
        } else if (!warnings.isEmpty()) {
            code = WARNING;
            summary = "WARNING: " + warnings.get(0) + (warnings.size() > 1 ? " (+" + (warnings.size() - 1) + " more)" : "")
                    + "; " + head + what;
        } else {
            code = OK;
            summary = "OK: " + head + what;
        }
        List<String> details = new ArrayList<>(planLines(plan));
        warnings.forEach(w -> details.add("  ! warning: " + w));
        plan.tables().forEach(t -> t.failed.forEach(f -> details.add("  ✗ " + t.routeTableId + ": " + f)));
        return print(out, code, summary, plan, details, List.of());
    }

    /** Prints a run that stops here with {@code code} and {@code summary} (problems listed, if any). */
    public int finish(PrintWriter out, int code, String summary, RouteSync.Plan plan, List<String> problems) {
        List<String> details = new ArrayList<>();
        if (problems != null) {
            problems.forEach(p -> details.add("  ✗ " + p));
        }
        return print(out, code, summary, plan, details, problems == null ? List.of() : problems);
    }

    /**
     * The one way out to the terminal: every line goes through {@link SafeText#line}, because
     * parts of it come from the ranges file (CIDRs, service names in messages) or from AWS
     * (error messages, ids, tags), and a raw ESC, CR or bidi control must not reach the terminal.
     */
    private int print(PrintWriter out, int code, String rawSummary, RouteSync.Plan plan, List<String> rawDetails,
                      List<String> rawProblems) {
        String summary = SafeText.line(rawSummary);
        List<String> details = rawDetails.stream().map(SafeText::line).toList();
        List<String> problems = rawProblems.stream().map(SafeText::line).toList();
        if (jsonOutput) {
            ObjectNode root = json.createObjectNode();
            root.put("status", switch (code) {
                case 0 -> "OK";
                case 1 -> "WARNING";
                case 2 -> "CRITICAL";
                default -> "UNKNOWN";
            });
            root.put("summary", summary);
            root.put("strategy", strategy);
            if (plan != null) {
                root.put("syncToken", plan.ranges().syncToken());
                int wanted = 0;
                BigInteger extra = BigInteger.ZERO;
                ArrayNode add = root.putArray("add");
                ArrayNode remove = root.putArray("remove");
                int keep = 0;
                ArrayNode tables = json.createArrayNode();
                for (RouteSync.TablePlan t : plan.tables()) {
                    ObjectNode tn = tables.addObject().put("routeTableId", t.routeTableId).put("skipped", t.skipped);
                    ArrayNode ta = tn.putArray("add");
                    ArrayNode tr = tn.putArray("remove");
                    int tk = 0;
                    for (Map.Entry<IpFamily, RoutePlan> e : t.plans.entrySet()) {
                        e.getValue().add().forEach(c -> {
                            add.add(c);
                            ta.add(c);
                        });
                        e.getValue().remove().forEach(c -> {
                            remove.add(c);
                            tr.add(c);
                        });
                        tk += e.getValue().keep();
                    }
                    keep += tk;
                    tn.put("keep", tk);
                    for (List<String> d : t.desired.values()) {
                        wanted = Math.max(wanted, d.size());
                    }
                    for (BigInteger x : t.extra.values()) {
                        extra = extra.max(x);
                    }
                    t.failed.stream().map(SafeText::line).forEach(tn.putArray("failed")::add);
                }
                root.put("routesWanted", wanted);
                root.put("extraAddresses", extra);
                root.put("keep", keep);
                root.set("tables", tables);
            } else {
                root.putNull("syncToken");
            }
            root.put("applied", applied);
            ArrayNode un = root.putArray("uncoveredHosts");
            uncovered.forEach(u -> un.addObject().put("host", u.getKey()).put("address", u.getValue()));
            problems.forEach(root.withArray("problems")::add);
            try {
                out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.println(summary);
            details.forEach(out::println);
        }
        out.flush();
        return code;
    }

    /** The plan, one line per table and family, then one per changed route (not yet escaped). */
    public List<String> planLines(RouteSync.Plan plan) {
        List<String> lines = new ArrayList<>();
        for (RouteSync.TablePlan t : plan.tables()) {
            if (t.skipped) {
                lines.add(t.routeTableId + ": skipped");
                continue;
            }
            for (Map.Entry<IpFamily, RoutePlan> e : t.plans.entrySet()) {
                RoutePlan p = e.getValue();
                BigInteger extra = t.extra.getOrDefault(e.getKey(), BigInteger.ZERO);
                lines.add(t.routeTableId + " " + (e.getKey() == IpFamily.IPV4 ? "IPv4" : "IPv6") + ": "
                        + t.desired.get(e.getKey()).size() + " routes wanted ("
                        + (extra.signum() == 0 ? "exactly the published ranges" : extra + " extra addresses routed") + "): +"
                        + p.add().size() + " −" + p.remove().size() + " =" + p.keep());
                p.add().forEach(c -> lines.add("  + " + c));
                p.remove().forEach(c -> lines.add("  - " + c));
            }
        }
        return lines;
    }
}
