package io.opsnotify.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** A plan, and what applying it did, as text lines or JSON. Values of secrets are already masked. */
public final class PlanReport {
    private PlanReport() {
    }

    public static List<String> lines(DeployConfig cfg, Plan plan, String where) {
        List<String> out = new ArrayList<>();
        out.add("Plan for " + cfg.functionName() + " in " + where + ":");
        for (Plan.Item i : plan.items()) {
            out.add("  " + i.action().symbol + " " + pad(i.resource(), 52) + " " + i.action().word
                    + (i.detail() == null || i.detail().isEmpty() ? "" : ": " + i.detail()));
            for (Plan.Change c : i.changes()) {
                out.add("      " + c);
            }
        }
        for (String w : plan.warnings()) {
            out.add("  ! warning: " + w);
        }
        out.add(plan.hasChanges()
                ? "Plan: " + plan.count(Plan.Action.CREATE) + " to create, " + plan.count(Plan.Action.UPDATE)
                        + " to update, " + plan.count(Plan.Action.NONE) + " unchanged."
                : "No changes: the deployed notifier matches the config.");
        return out;
    }

    public static ObjectNode json(ObjectMapper json, DeployConfig cfg, Plan plan, String where, boolean dryRun,
                                  DeployApplier.Result result) {
        ObjectNode root = json.createObjectNode();
        String status = result == null ? (plan.hasChanges() ? "PLANNED" : "NO_CHANGES") : result.ok() ? "APPLIED" : "FAILED";
        root.put("status", status).put("function", cfg.functionName()).put("where", where).put("dryRun", dryRun);
        var items = root.putArray("plan");
        for (Plan.Item i : plan.items()) {
            ObjectNode n = items.addObject().put("resource", i.resource()).put("action", i.action().name().toLowerCase())
                    .put("detail", i.detail());
            var changes = n.putArray("changes");
            i.changes().forEach(c -> changes.addObject().put("field", c.field()).put("from", c.from()).put("to", c.to()));
        }
        plan.warnings().forEach(root.putArray("warnings")::add);
        root.put("applied", result != null);
        if (result != null) {
            result.done().forEach(root.putArray("done")::add);
            result.notDone().forEach(root.putArray("notDone")::add);
            root.put("failedStep", result.failedStep()).put("error", result.error());
            root.put("functionArn", result.functionArn()).put("topicArn", result.topicArn());
        }
        return root;
    }

    private static String pad(String s, int n) {
        return s.length() >= n ? s : s + " ".repeat(n - s.length());
    }
}
