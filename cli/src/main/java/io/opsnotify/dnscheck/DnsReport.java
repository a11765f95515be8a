package io.opsnotify.dnscheck;

import io.opsnotify.check.CheckReport;
import io.opsnotify.check.CheckStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opsnotify.notifier.base.SafeText;
import io.opsnotify.notifier.dns.DnsWire;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What check-dns saw, its status (OK/WARNING/CRITICAL, UNKNOWN when a host got no lookup), as text lines or JSON. */
public final class DnsReport implements CheckReport {

    /** The raw figures of one resolver for one host. */
    public static final class ResolverStats {
        final String resolver;
        int sent;
        int ok;
        int timeouts;
        int servfail;
        int nxdomain;
        int other; // NOERROR without the record type, or another error
        final List<Long> latenciesNanos = new ArrayList<>();
        final Set<String> answers = new LinkedHashSet<>();
        final Set<String> otherKinds = new LinkedHashSet<>(); // what the "other" replies were, e.g. "NODATA", "REFUSED"

        ResolverStats(String resolver) {
            this.resolver = resolver;
        }

        void add(DnsWire.Reply r) {
            sent++;
            latenciesNanos.add(r.latencyNanos());
            switch (r.kind()) {
                case OK -> {
                    ok++;
                    r.addresses().forEach(a -> answers.add(a.getHostAddress()));
                }
                case TIMEOUT -> timeouts++;
                case SERVFAIL -> servfail++;
                case NXDOMAIN -> nxdomain++;
                default -> {
                    other++;
                    String what = r.detail() == null || r.detail().isBlank() ? r.kind().name() : r.detail();
                    if (otherKinds.size() < 5) {
                        otherKinds.add(what);
                    }
                }
            }
        }

        double rate() {
            return sent == 0 ? 0 : 100.0 * ok / sent;
        }

        /** Nearest-rank percentile over every query, timeouts included (at their elapsed time). */
        double percentileMs(double p) {
            if (latenciesNanos.isEmpty()) {
                return 0;
            }
            List<Long> sorted = new ArrayList<>(latenciesNanos);
            sorted.sort(null);
            int rank = (int) Math.ceil(p / 100.0 * sorted.size());
            return Math.round(sorted.get(Math.max(0, rank - 1)) / 100_000.0) / 10.0;
        }
    }

    /** What the notifier's resolver (retries across resolvers, serve-stale) achieved. */
    public static final class StrategyStats {
        int sent;
        int ok;
        int stale;
        final Set<String> answers = new LinkedHashSet<>();
        String lastError;

        void ok(boolean wasStale, List<String> addresses) {
            sent++;
            ok++;
            if (wasStale) {
                stale++;
            }
            answers.addAll(addresses);
        }

        void failed(String error) {
            sent++;
            lastError = error;
        }
    }

    public record HostResult(String host, List<ResolverStats> resolvers, StrategyStats withStrategy) {
    }

    private final List<HostResult> hosts;
    private final DnsCheck.Settings settings;
    private final CheckStatus status;
    private final String summary;

    private final boolean stoppedEarly;

    DnsReport(List<HostResult> hosts, DnsCheck.Settings settings, boolean stoppedEarly) {
        this.hosts = hosts;
        this.stoppedEarly = stoppedEarly;
        this.settings = settings;
        CheckStatus st = CheckStatus.OK;
        boolean unmeasured = false; // a rate over 0 lookups means nothing: UNKNOWN, unless something measured is CRITICAL
        List<String> why = new ArrayList<>();
        for (HostResult h : hosts) {
            for (ResolverStats r : h.resolvers()) {
                if (r.sent == 0) {
                    unmeasured = true;
                    why.add(h.host() + " via " + r.resolver + ": no lookup made");
                } else if (r.rate() < settings.critRate()) {
                    st = st.worst(CheckStatus.CRITICAL);
                    why.add(h.host() + " via " + r.resolver + " " + pct(r.rate()) + " < " + pct(settings.critRate()));
                } else if (r.rate() < settings.warnRate()) {
                    st = st.worst(CheckStatus.WARNING);
                    why.add(h.host() + " via " + r.resolver + " " + pct(r.rate()) + " < " + pct(settings.warnRate()));
                }
            }
            if (h.withStrategy().sent == 0 && h.resolvers().stream().anyMatch(r -> r.sent > 0)) {
                unmeasured = true;
                why.add(h.host() + ": no lookup made with the notifier's resolver");
            } else if (h.withStrategy().ok < h.withStrategy().sent) {
                st = st.worst(CheckStatus.CRITICAL);
                why.add(h.host() + ": the notifier's resolver failed " + (h.withStrategy().sent - h.withStrategy().ok)
                        + " of " + h.withStrategy().sent + " lookups (notifications lost)");
            }
            Set<Set<String>> distinct = new LinkedHashSet<>();
            h.resolvers().stream().filter(r -> r.ok > 0).forEach(r -> distinct.add(r.answers));
            if (distinct.size() > 1) {
                st = st.worst(CheckStatus.WARNING);
                why.add(h.host() + ": resolvers gave different answers (split horizon?)");
            }
        }
        if (unmeasured && st != CheckStatus.CRITICAL) {
            st = CheckStatus.UNKNOWN;
        }
        this.status = st;
        int resolvers = hosts.isEmpty() ? 0 : hosts.get(0).resolvers().size();
        this.summary = st + ": check-dns " + hosts.size() + " host(s), " + resolvers + " resolver(s), "
                + settings.count() + " " + (settings.ipv6() ? "AAAA" : "A") + " lookups each"
                + (why.isEmpty() ? ": every lookup answered" : ": " + String.join("; ", why))
                + (stoppedEarly ? "; stopped early to finish within --max-time " + settings.maxTimeMs() / 1000.0 + " s" : "");
    }


    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v);
    }

    @Override
    public CheckStatus status() {
        return status;
    }

    public List<HostResult> hosts() {
        return hosts;
    }

    /** The summary line first (monitoring), then one block per host. */
    @Override
    public List<String> textLines() {
        List<String> out = new ArrayList<>();
        out.add(summary);
        for (HostResult h : hosts) {
            out.add("");
            out.add(h.host());
            for (ResolverStats r : h.resolvers()) {
                out.add(String.format(Locale.ROOT,
                        "  %-22s sent %d  ok %d (%s)  timeout %d  servfail %d  nxdomain %d%s  p50 %.1f ms  p99 %.1f ms  answers %s",
                        r.resolver, r.sent, r.ok, pct(r.rate()), r.timeouts, r.servfail, r.nxdomain,
                        r.other > 0 ? "  other " + r.other + " (" + String.join(", ", r.otherKinds) + ")" : "", r.percentileMs(50), r.percentileMs(99),
                        r.answers.isEmpty() ? "-" : String.join(", ", r.answers)));
            }
            StrategyStats s = h.withStrategy();
            out.add(String.format(Locale.ROOT, "  %-22s sent %d  ok %d (%s)%s%s", "notifier's strategy", s.sent, s.ok,
                    pct(s.sent == 0 ? 0 : 100.0 * s.ok / s.sent), s.stale > 0 ? ", " + s.stale + " from the stale cache" : "",
                    s.lastError != null ? "  last error: " + s.lastError : ""));
        }
        // every line one line: a host name or an error text cannot start another or act on the terminal
        return out.stream().map(SafeText::line).toList();
    }

    @Override
    public ObjectNode json(ObjectMapper m) {
        ObjectNode root = m.createObjectNode();
        root.put("status", status.name());
        root.put("summary", summary);
        root.put("stoppedEarly", stoppedEarly);
        ArrayNode hs = root.putArray("hosts");
        for (HostResult h : hosts) {
            ObjectNode hn = hs.addObject();
            hn.put("host", h.host());
            ArrayNode rs = hn.putArray("resolvers");
            for (ResolverStats r : h.resolvers()) {
                ObjectNode rn = rs.addObject();
                rn.put("resolver", r.resolver);
                rn.put("sent", r.sent);
                rn.put("ok", r.ok);
                rn.put("timeouts", r.timeouts);
                rn.put("servfail", r.servfail);
                rn.put("nxdomain", r.nxdomain);
                rn.put("other", r.other);
                ArrayNode kinds = rn.putArray("otherKinds");
                r.otherKinds.forEach(kinds::add);
                rn.put("p50Ms", r.percentileMs(50));
                rn.put("p99Ms", r.percentileMs(99));
                ArrayNode an = rn.putArray("answers");
                r.answers.forEach(an::add);
            }
            ObjectNode sn = hn.putObject("withStrategy");
            sn.put("sent", h.withStrategy().sent);
            sn.put("ok", h.withStrategy().ok);
            sn.put("stale", h.withStrategy().stale);
            ArrayNode an = sn.putArray("answers");
            h.withStrategy().answers.forEach(an::add);
        }
        return root;
    }
}
