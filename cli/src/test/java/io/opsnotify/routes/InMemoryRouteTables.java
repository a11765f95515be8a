package io.opsnotify.routes;

import io.opsnotify.cloud.CloudException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link RouteTables} in memory, with EC2's behaviour where the domain depends on it (kept
 * faithful by {@link RouteTablesContract}): a new table has its {@code local} route; a missing
 * table or NAT gateway is a NOT_FOUND failure naming EC2's code; a created route is active,
 * origin CreateRoute; creating a route that exists or deleting one that does not is
 * {@code false}; the local route cannot be deleted; at most {@link #maxRoutesPerTable} routes
 * per family. Records every call; {@link #failNext} makes the next calls of one operation fail.
 */
public final class InMemoryRouteTables implements RouteTables {
    /** One call: the operation ({@code createRoute}...) and its arguments as text. */
    public record Call(String operation, String argument) {
    }

    private static final class MutableTable {
        final String vpcId;
        final List<CurrentRoute> routes = new ArrayList<>();
        final Map<String, String> tags = new TreeMap<>();

        MutableTable(String vpcId) {
            this.vpcId = vpcId;
        }
    }

    private final Map<String, MutableTable> tables = new LinkedHashMap<>();
    private final Map<String, NatGateway> nats = new HashMap<>();
    private final Map<String, Vpc> vpcs = new HashMap<>();
    private final Map<String, Deque<CloudException>> faults = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private int maxRoutesPerTable = 1000;

    // ---- seeding ----

    public InMemoryRouteTables vpc(String id, String... cidrs) {
        vpcs.put(id, new Vpc(id, List.of(cidrs)));
        return this;
    }

    public InMemoryRouteTables nat(String id, String vpcId) {
        nats.put(id, new NatGateway(id, vpcId, "available"));
        return this;
    }

    /** A table with its local route (the VPC's primary CIDR), as EC2 creates it. */
    public InMemoryRouteTables table(String id, String vpcId) {
        MutableTable t = new MutableTable(vpcId);
        Vpc vpc = vpcs.get(vpcId);
        if (vpc != null && !vpc.cidrs().isEmpty()) {
            t.routes.add(new CurrentRoute(vpc.cidrs().get(0), null, "local", "CreateRouteTable", "active"));
        }
        tables.put(id, t);
        return this;
    }

    /** A route created earlier to a NAT gateway. */
    public InMemoryRouteTables route(String tableId, String destination, String natGatewayId) {
        tables.get(tableId).routes.add(new CurrentRoute(destination, natGatewayId, null, "CreateRoute", "active"));
        return this;
    }

    /** A route created earlier to a gateway (igw-, tgw-...). */
    public InMemoryRouteTables gatewayRoute(String tableId, String destination, String gatewayId) {
        tables.get(tableId).routes.add(new CurrentRoute(destination, null, gatewayId, "CreateRoute", "active"));
        return this;
    }

    public InMemoryRouteTables tagTable(String tableId, String key, String value) {
        tables.get(tableId).tags.put(key, value);
        return this;
    }

    public InMemoryRouteTables maxRoutesPerTable(int max) {
        this.maxRoutesPerTable = max;
        return this;
    }

    /** The next {@code times} calls of {@code operation} (a method name of {@link RouteTables}) fail with {@code e}. */
    public InMemoryRouteTables failNext(String operation, CloudException e, int times) {
        Deque<CloudException> q = faults.computeIfAbsent(operation, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            q.add(e);
        }
        return this;
    }

    /** Every call of every operation fails with {@code e} from now on (the endpoint went away). */
    public InMemoryRouteTables failEverything(CloudException e) {
        for (String op : List.of("tables", "natGateway", "vpcs", "createRoute", "deleteRoute", "tag", "untag")) {
            failNext(op, e, 10_000);
        }
        return this;
    }

    // ---- inspection ----

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** createRoute, deleteRoute, tag, untag: the calls that change something. */
    public List<Call> mutatingCalls() {
        return calls.stream().filter(c -> List.of("createRoute", "deleteRoute", "tag", "untag").contains(c.operation())).toList();
    }

    public void clearCalls() {
        calls.clear();
    }

    public List<CurrentRoute> routes(String tableId) {
        return List.copyOf(tables.get(tableId).routes);
    }

    public Map<String, String> tags(String tableId) {
        return Map.copyOf(tables.get(tableId).tags);
    }

    // ---- the port ----

    private void call(String operation, String argument) {
        calls.add(new Call(operation, argument));
        Deque<CloudException> q = faults.get(operation);
        if (q != null && !q.isEmpty()) {
            throw q.poll();
        }
    }

    private MutableTable existing(String id) {
        MutableTable t = tables.get(id);
        if (t == null) {
            throw notFound("InvalidRouteTableID.NotFound", "The routeTable ID '" + id + "' does not exist");
        }
        return t;
    }

    private static CloudException notFound(String code, String message) {
        return new CloudException(CloudException.Kind.NOT_FOUND, code, "AWS error " + code + " (Ec2): " + message, null);
    }

    @Override
    public List<Table> tables(List<String> ids) {
        call("tables", String.join(",", ids));
        ids.forEach(this::existing);
        return ids.stream().distinct().map(id -> {
            MutableTable t = tables.get(id);
            return new Table(id, t.vpcId, t.routes, t.tags);
        }).toList();
    }

    @Override
    public Optional<NatGateway> natGateway(String id) {
        call("natGateway", id);
        NatGateway n = nats.get(id);
        if (n == null) {
            throw notFound("NatGatewayNotFound", "The NAT gateway '" + id + "' does not exist");
        }
        return Optional.of(n);
    }

    @Override
    public Map<String, Vpc> vpcs(Collection<String> ids) {
        call("vpcs", String.join(",", ids));
        Map<String, Vpc> out = new LinkedHashMap<>();
        for (String id : ids) {
            Vpc v = vpcs.get(id);
            if (v == null) {
                throw notFound("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
            }
            out.put(id, v);
        }
        return out;
    }

    @Override
    public boolean createRoute(String routeTableId, String destination, String natGatewayId) {
        call("createRoute", routeTableId + " " + destination + " " + natGatewayId);
        MutableTable t = existing(routeTableId);
        if (t.routes.stream().anyMatch(r -> destination.equals(r.destination()))) {
            return false;
        }
        boolean v6 = destination.contains(":");
        if (t.routes.stream().filter(r -> r.destination() != null && r.destination().contains(":") == v6).count()
                >= maxRoutesPerTable) {
            throw new CloudException(CloudException.Kind.FAILED, "RouteLimitExceeded",
                    "AWS error RouteLimitExceeded (Ec2): The maximum number of routes has been reached.", null);
        }
        t.routes.add(new CurrentRoute(destination, natGatewayId, null, "CreateRoute", "active"));
        return true;
    }

    @Override
    public boolean deleteRoute(String routeTableId, String destination) {
        call("deleteRoute", routeTableId + " " + destination);
        MutableTable t = existing(routeTableId);
        Optional<CurrentRoute> route = t.routes.stream().filter(r -> destination.equals(r.destination())).findFirst();
        if (route.isEmpty()) {
            return false;
        }
        if ("local".equals(route.get().gatewayId())) {
            throw new CloudException(CloudException.Kind.INVALID_REQUEST, "InvalidParameterValue",
                    "AWS error InvalidParameterValue (Ec2): cannot remove local route " + destination, null);
        }
        t.routes.remove(route.get());
        return true;
    }

    @Override
    public void tag(String routeTableId, Map<String, String> tags) {
        call("tag", routeTableId + " " + new TreeMap<>(tags));
        existing(routeTableId).tags.putAll(tags);
    }

    @Override
    public void untag(String routeTableId, Collection<String> keys) {
        call("untag", routeTableId + " " + keys);
        keys.forEach(existing(routeTableId).tags::remove);
    }
}
