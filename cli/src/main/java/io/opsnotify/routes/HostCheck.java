package io.opsnotify.routes;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --verify-hosts}: resolves each host (A and AAAA, each resolver) and finds the addresses
 * that no route of the plan covers, so that a host moving off the service's ranges is noticed.
 *
 * @param resolver null when no host is to be checked
 */
public record HostCheck(List<String> hosts, HostResolver resolver) {
    /** No host to check. */
    public static final HostCheck NONE = new HostCheck(List.of(), null);

    public HostCheck {
        hosts = List.copyOf(hosts);
    }

    /** An address of a host that the routes do not cover: traffic to it will not use the NAT gateway. */
    public record UncoveredAddress(String host, String address) {
    }

    /** What the check found: addresses no route covers, and hosts that did not resolve. */
    public record Verification(List<UncoveredAddress> uncovered, List<String> unresolved) {
        public static final Verification NONE = new Verification(List.of(), List.of());

        public Verification {
            uncovered = List.copyOf(uncovered);
            unresolved = List.copyOf(unresolved);
        }
    }

    public Verification verify(SyncPlan plan) {
        if (hosts.isEmpty() || resolver == null) {
            return Verification.NONE;
        }
        List<HostResolver.Resolution> resolved = hosts.stream().map(resolver::resolve).toList();
        List<String> unresolved = new ArrayList<>();
        resolved.forEach(r -> {
            if (r.addresses().isEmpty()) {
                unresolved.add(r.host() + " did not resolve" + (r.errors().isEmpty() ? "" : ": " + r.errors().get(0)));
            }
        });
        return new Verification(uncovered(resolved, plan), unresolved);
    }

    /** Addresses of the hosts that no route of the plan covers (per family of the address). */
    public static List<UncoveredAddress> uncovered(List<HostResolver.Resolution> hosts, SyncPlan plan) {
        List<IPAddress> routed = new ArrayList<>();
        plan.tables().forEach(t -> t.families().values()
                .forEach(f -> f.desired().forEach(c -> routed.add(new IPAddressString(c).getAddress()))));
        Set<UncoveredAddress> out = new LinkedHashSet<>();
        for (HostResolver.Resolution h : hosts) {
            for (InetAddress a : h.addresses()) {
                IPAddress ip = new IPAddressString(a.getHostAddress()).getAddress();
                boolean covered = routed.stream().anyMatch(r -> r.getIPVersion() == ip.getIPVersion() && r.contains(ip));
                boolean familyRouted = routed.stream().anyMatch(r -> r.getIPVersion() == ip.getIPVersion());
                if (!covered && (familyRouted || ip.isIPv4())) {
                    out.add(new UncoveredAddress(h.host(), a.getHostAddress()));
                }
            }
        }
        return List.copyOf(out);
    }
}
