package io.opsnotify.aws;

import io.opsnotify.cloud.CloudException;
import io.opsnotify.routes.CurrentRoute;
import io.opsnotify.routes.RouteTables;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VpcCidrBlockAssociation;
import software.amazon.awssdk.services.ec2.model.VpcIpv6CidrBlockAssociation;

/**
 * {@link RouteTables} on EC2: DescribeRouteTables, DescribeNatGateways, DescribeVpcs,
 * CreateRoute, DeleteRoute, CreateTags, DeleteTags. Every call goes through {@link AwsErrors},
 * so only {@link CloudException} leaves; {@code RouteAlreadyExists} and
 * {@code InvalidRoute.NotFound} are answers ({@code false}), not failures.
 */
public final class Ec2RouteTables implements RouteTables {
    static final String ROUTE_ALREADY_EXISTS = "RouteAlreadyExists";
    static final String ROUTE_NOT_FOUND = "InvalidRoute.NotFound";

    private final AwsClients aws;

    public Ec2RouteTables(AwsClients aws) {
        this.aws = aws;
    }

    @Override
    public List<Table> tables(List<String> ids) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
        List<RouteTable> found = AwsErrors.call(() -> aws.ec2().describeRouteTablesPaginator(r -> r.routeTableIds(distinct))
                .routeTables().stream().toList());
        Map<String, RouteTable> byId = new HashMap<>();
        found.forEach(t -> byId.put(t.routeTableId(), t));
        return distinct.stream().map(byId::get).filter(Objects::nonNull).map(Ec2RouteTables::table).toList();
    }

    private static Table table(RouteTable t) {
        Map<String, String> tags = new HashMap<>();
        t.tags().forEach(tag -> tags.put(tag.key(), tag.value() == null ? "" : tag.value()));
        return new Table(t.routeTableId(), t.vpcId(), t.routes().stream().map(Ec2RouteTables::route).toList(), tags);
    }

    private static CurrentRoute route(Route r) {
        String destination = Stream.of(r.destinationCidrBlock(), r.destinationIpv6CidrBlock(), r.destinationPrefixListId())
                .filter(Objects::nonNull).findFirst().orElse(null); // a prefix-list route: never ours, kept as it is
        String gateway = Stream.of(r.gatewayId(), r.transitGatewayId(), r.vpcPeeringConnectionId(), r.networkInterfaceId())
                .filter(Objects::nonNull).findFirst().orElse(null);
        return new CurrentRoute(destination, r.natGatewayId(), gateway, r.originAsString(), r.stateAsString());
    }

    @Override
    public Optional<NatGateway> natGateway(String id) {
        return AwsErrors.call(() -> aws.ec2().describeNatGateways(r -> r.natGatewayIds(id)).natGateways()).stream()
                .filter(n -> id.equals(n.natGatewayId())).findFirst()
                .map(n -> new NatGateway(n.natGatewayId(), n.vpcId(), n.stateAsString()));
    }

    @Override
    public Map<String, Vpc> vpcs(Collection<String> ids) {
        Map<String, Vpc> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
        AwsErrors.call(() -> aws.ec2().describeVpcsPaginator(r -> r.vpcIds(distinct)).vpcs().stream().toList()).forEach(v -> {
            List<String> cidrs = Stream.concat(Stream.of(v.cidrBlock()), Stream.concat(
                    v.cidrBlockAssociationSet().stream().map(VpcCidrBlockAssociation::cidrBlock),
                    v.ipv6CidrBlockAssociationSet().stream().map(VpcIpv6CidrBlockAssociation::ipv6CidrBlock)))
                    .filter(Objects::nonNull).distinct().toList();
            out.put(v.vpcId(), new Vpc(v.vpcId(), cidrs));
        });
        return out;
    }

    @Override
    public boolean createRoute(String routeTableId, String destination, String natGatewayId) {
        try {
            AwsErrors.run(() -> aws.ec2().createRoute(r -> {
                r.routeTableId(routeTableId).natGatewayId(natGatewayId);
                if (ipv6(destination)) {
                    r.destinationIpv6CidrBlock(destination);
                } else {
                    r.destinationCidrBlock(destination);
                }
            }));
            return true;
        } catch (CloudException e) {
            if (ROUTE_ALREADY_EXISTS.equals(e.code())) {
                return false; // e.g. a retry of a call that had succeeded
            }
            throw e;
        }
    }

    @Override
    public boolean deleteRoute(String routeTableId, String destination) {
        try {
            AwsErrors.run(() -> aws.ec2().deleteRoute(r -> {
                r.routeTableId(routeTableId);
                if (ipv6(destination)) {
                    r.destinationIpv6CidrBlock(destination);
                } else {
                    r.destinationCidrBlock(destination);
                }
            }));
            return true;
        } catch (CloudException e) {
            if (ROUTE_NOT_FOUND.equals(e.code())) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void tag(String routeTableId, Map<String, String> tags) {
        List<Tag> list = tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
        AwsErrors.run(() -> aws.ec2().createTags(r -> r.resources(routeTableId).tags(list)));
    }

    @Override
    public void untag(String routeTableId, Collection<String> keys) {
        List<Tag> list = keys.stream().map(k -> Tag.builder().key(k).build()).toList();
        AwsErrors.run(() -> aws.ec2().deleteTags(r -> r.resources(routeTableId).tags(list)));
    }

    private static boolean ipv6(String cidr) {
        return cidr.contains(":");
    }
}
