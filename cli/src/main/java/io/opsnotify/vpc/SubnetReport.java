package io.opsnotify.vpc;

import io.opsnotify.check.CheckReport;
import io.opsnotify.check.CheckStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opsnotify.notifier.base.SafeText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The result of a subnet check: a status, a one-line summary (the first line monitoring reads)
 * and one line per subnet. {@link #assess} is the whole decision and needs no AWS.
 */
public record SubnetReport(CheckStatus status, String summary, VpcTarget target, CheckSettings settings,
        List<SubnetLine> subnets, List<String> missingSubnetIds, List<String> missingSecurityGroupIds) implements CheckReport {

    /**
     * One subnet. {@code freeAfter = freeIps − enisNeeded − headroom}; may be negative.
     */
    public record SubnetLine(String subnetId, String availabilityZone, String cidr, int freeIps, int lambdaEnis,
            int enisNeeded, int headroom, int freeAfter, CheckStatus status) {
    }

    private record Problem(CheckStatus status, String message) {
    }

    /** UNKNOWN: the check could not be made (an AWS call failed). */
    public static SubnetReport unknown(String why, VpcTarget target, CheckSettings settings) {
        return new SubnetReport(CheckStatus.UNKNOWN, "UNKNOWN: " + why, target, settings, List.of(), List.of(), List.of());
    }

    /**
     * CRITICAL for a missing subnet or security group, or a target with a problem; per subnet
     * CRITICAL when {@code freeAfter < critFree}, WARNING when {@code freeAfter < warnFree};
     * WARNING when all existing subnets are in one AZ.
     */
    public static SubnetReport assess(VpcTarget target, List<SubnetFacts> found, List<String> missingSubnetIds,
            List<String> missingGroupIds, CheckSettings s) {
        List<Problem> problems = new ArrayList<>();
        if (target.problem() != null) {
            problems.add(new Problem(CheckStatus.CRITICAL, target.problem()));
        }
        missingSubnetIds.forEach(id -> problems.add(new Problem(CheckStatus.CRITICAL, id + " does not exist")));
        missingGroupIds.forEach(id -> problems.add(new Problem(CheckStatus.CRITICAL,
                "security group " + id + " does not exist")));

        int legacyEach = s.legacy()
                ? EniModel.legacyPerSubnet(EniModel.legacyTotal(s.legacyConcurrency(), s.legacyMemoryMb()), found.size())
                : 0;
        List<SubnetLine> lines = new ArrayList<>();
        for (SubnetFacts f : found) {
            int need = s.legacy() ? legacyEach : EniModel.todayNeed(f.served());
            int after = f.freeIps() - need - s.headroom();
            CheckStatus st = after < s.critFree() ? CheckStatus.CRITICAL
                    : after < s.warnFree() ? CheckStatus.WARNING : CheckStatus.OK;
            if (st != CheckStatus.OK) {
                String limit = st == CheckStatus.CRITICAL ? "crit < " + s.critFree() : "warn < " + s.warnFree();
                String after1 = "after " + need + " more ENI" + (need == 1 ? "" : "s")
                        + (s.headroom() > 0 ? " and " + s.headroom() + " spare" : "");
                problems.add(new Problem(st, after >= 0
                        ? f.subnetId() + " has " + after + " free IPs " + after1 + " (" + limit + ")"
                        : f.subnetId() + " is " + (-after) + " IPs short: " + f.freeIps() + " free, needs " + need
                                + " more ENI" + (need == 1 ? "" : "s") + (s.headroom() > 0 ? " and " + s.headroom()
                                + " spare" : "") + " (" + limit + ")"));
            }
            lines.add(new SubnetLine(f.subnetId(), f.availabilityZone(), f.cidr(), f.freeIps(), f.lambdaEnis(), need,
                    s.headroom(), after, st));
        }
        TreeSet<String> zones = new TreeSet<>();
        found.forEach(f -> zones.add(f.availabilityZone()));
        if (zones.size() == 1) {
            problems.add(new Problem(CheckStatus.WARNING, (found.size() == 1 ? "the only subnet is" : "all "
                    + found.size() + " subnets are") + " in one AZ (" + zones.first()
                    + "): give subnets in 2 or more AZs"));
        }

        CheckStatus status = CheckStatus.OK;
        for (Problem p : problems) {
            status = status.worst(p.status());
        }
        String where = found.size() + " subnet" + (found.size() == 1 ? "" : "s") + " in " + zones.size() + " AZ"
                + (zones.size() == 1 ? "" : "s");
        String summary;
        if (problems.isEmpty()) {
            SubnetLine lowest = lines.stream().min(Comparator.comparingInt(SubnetLine::freeAfter)).orElse(null);
            summary = "OK: " + where + (lowest == null ? "" : "; fewest free IPs after the need: " + lowest.freeAfter()
                    + " (" + lowest.subnetId() + ")");
        } else {
            List<String> parts = new ArrayList<>();
            problems.stream().sorted(Comparator.comparing((Problem p) -> p.status()).reversed())
                    .forEach(p -> parts.add(p.message()));
            if (target.problem() == null) {
                parts.add(where);
            }
            summary = status + ": " + String.join("; ", parts);
        }
        return new SubnetReport(status, summary, target, s, lines, missingSubnetIds, missingGroupIds);
    }

    /**
     * {@code {"status","summary","subnets":[{"subnetId","availabilityZone","cidr","freeIps","lambdaEnis",
     * "enisNeeded","freeAfter"}]}}, plus each subnet's {@code headroom} and {@code status}, and the
     * ids that do not exist, the source and the model.
     */
    @Override
    public ObjectNode json(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("status", status.name());
        o.put("summary", summary);
        ArrayNode list = o.putArray("subnets");
        for (SubnetLine l : subnets) {
            list.addObject().put("subnetId", l.subnetId()).put("availabilityZone", l.availabilityZone())
                    .put("cidr", l.cidr()).put("freeIps", l.freeIps()).put("lambdaEnis", l.lambdaEnis())
                    .put("enisNeeded", l.enisNeeded()).put("headroom", l.headroom()).put("freeAfter", l.freeAfter())
                    .put("status", l.status().name());
        }
        missingSubnetIds.forEach(o.putArray("missingSubnetIds")::add);
        missingSecurityGroupIds.forEach(o.putArray("missingSecurityGroupIds")::add);
        if (target != null) {
            o.put("source", target.source());
            target.securityGroupIds().forEach(o.putArray("securityGroupIds")::add);
        }
        if (settings != null) {
            o.put("model", settings.legacy() ? "legacy" : "hyperplane");
            o.put("warnFree", settings.warnFree());
            o.put("critFree", settings.critFree());
        }
        return o;
    }

    /**
     * The summary line, then what was checked, then a table; every line one line, so an id, AZ or
     * name from AWS or the config cannot start another line or act on the terminal.
     */
    @Override
    public List<String> textLines() {
        return lines().stream().map(SafeText::line).toList();
    }

    private List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(summary);
        if (status == CheckStatus.UNKNOWN || target == null || target.problem() != null) {
            return out;
        }
        out.add("");
        out.add("From " + target.source() + ": security groups "
                + (target.securityGroupIds().isEmpty() ? "(none given)" : String.join(", ", target.securityGroupIds())));
        out.add(settings.legacy()
                ? String.format(Locale.ROOT, "ENI model: legacy (pre-2019), ceil(%d × %d MB / 3072 MB) = %d ENIs spread over "
                        + "the subnets; headroom %d per subnet", settings.legacyConcurrency(), settings.legacyMemoryMb(),
                        EniModel.legacyTotal(settings.legacyConcurrency(), settings.legacyMemoryMb()), settings.headroom())
                : "ENI model: one Lambda ENI per (subnet, security-group set), shared; headroom " + settings.headroom()
                        + " per subnet");
        out.add(String.format(Locale.ROOT, "Thresholds: warn < %d, crit < %d free IPs after the need", settings.warnFree(),
                settings.critFree()));
        out.add("");
        String fmt = "%-26s %-17s %-18s %6s %12s %7s %9s %11s  %s";
        out.add(String.format(Locale.ROOT, fmt, "SUBNET", "AZ", "CIDR", "FREE", "LAMBDA ENIS", "NEEDED", "HEADROOM",
                "FREE AFTER", "STATUS"));
        for (SubnetLine l : subnets) {
            out.add(String.format(Locale.ROOT, fmt, l.subnetId(), l.availabilityZone(), l.cidr(), l.freeIps(),
                    l.lambdaEnis(), l.enisNeeded(), l.headroom(), l.freeAfter(), l.status()));
        }
        for (String id : missingSubnetIds) {
            out.add(String.format(Locale.ROOT, fmt, id, "-", "-", "-", "-", "-", "-", "-", "CRITICAL (does not exist)"));
        }
        return out;
    }
}
