package io.opsnotify.awslocal;

import java.util.Base64;
import java.util.Objects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * EC2 over the EC2 query protocol: form posts {@code Action=...&Version=2016-11-15} with flat
 * lists ({@code SubnetId.1}) and filters ({@code Filter.1.Name}, {@code Filter.1.Value.1});
 * XML answers in namespace {@code http://ec2.amazonaws.com/doc/2016-11-15/} with lower-camel
 * element names and {@code <item>} lists; errors as
 * {@code <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>}.
 *
 * <p>Modeled: DescribeVpcs, DescribeSubnets, DescribeSecurityGroups, DescribeNetworkInterfaces,
 * DescribeRouteTables, DescribeVpcEndpoints (ids, filters with {@code *}/{@code ?} wildcards and
 * {@code tag:Key}, MaxResults/NextToken where EC2 pages), CreateRoute/ReplaceRoute/DeleteRoute
 * (IPv4 and IPv6 destinations, NAT or gateway targets, a per-table route quota counted per
 * address family, default 50), CreateTags/DeleteTags. State is seeded with {@code add*} methods.
 *
 * <p>Not modeled: creating VPCs/subnets/groups/ENIs through the API, prefix-list routes
 * (a gateway endpoint does not add its route), route propagation, DryRun, IAM.
 */
public final class Ec2Local implements LocalService {
    static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final Map<String, Vpc> vpcs = new LinkedHashMap<>();
    private final Map<String, Subnet> subnets = new LinkedHashMap<>();
    private final Map<String, SecurityGroup> groups = new LinkedHashMap<>();
    private final Map<String, NetworkInterface> enis = new LinkedHashMap<>();
    private final Map<String, RouteTable> routeTables = new LinkedHashMap<>();
    private final Map<String, VpcEndpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, NatGateway> natGateways = new LinkedHashMap<>();
    private volatile int maxRoutesPerTable = 50;

    Ec2Local() {
    }

    // ---- resources (seeded and inspected by tests) ----------------------------------------

    /** Common to all taggable resources. */
    public abstract static class Resource {
        final String id;
        final Map<String, String> tags = new LinkedHashMap<>();

        Resource(String id) {
            this.id = id;
        }

        public String id() { return id; }

        public synchronized Map<String, String> tags() { return Map.copyOf(tags); }

        /** Adds a tag; returns this for chaining while seeding. */
        public synchronized Resource tag(String key, String value) {
            tags.put(key, value);
            return this;
        }
    }

    public static final class Vpc extends Resource {
        final String cidrBlock;
        final List<String> extraCidrs = new ArrayList<>();

        Vpc(String id, String cidrBlock) {
            super(id);
            this.cidrBlock = cidrBlock;
        }

        public String cidrBlock() { return cidrBlock; }

        /** Associates another IPv4 or IPv6 CIDR block (AssociateVpcCidrBlock), listed by DescribeVpcs. */
        public synchronized Vpc associateCidr(String cidr) {
            extraCidrs.add(cidr);
            return this;
        }
    }

    public static final class Subnet extends Resource {
        final String vpcId;
        final String availabilityZone;
        final String availabilityZoneId;
        final String cidrBlock;
        int availableIpAddressCount;
        int nextHost = 4;

        Subnet(String id, String vpcId, String az, String cidrBlock, int freeIps) {
            super(id);
            this.vpcId = vpcId;
            this.availabilityZone = az;
            this.availabilityZoneId = zoneId(az);
            this.cidrBlock = cidrBlock;
            this.availableIpAddressCount = freeIps;
        }

        /**
         * {@code ap-northeast-1a} → {@code apne1-az1}. The real name → id mapping differs per
         * account; this stable fake only has the real id's shape.
         */
        static String zoneId(String az) {
            String[] p = az.split("-");
            if (p.length != 3 || p[2].length() < 2) {
                return az;
            }
            String direction = p[1].replace("north", "n").replace("south", "s").replace("east", "e")
                    .replace("west", "w").replace("central", "c");
            String number = p[2].substring(0, p[2].length() - 1);
            return p[0] + direction + number + "-az" + (p[2].charAt(p[2].length() - 1) - 'a' + 1);
        }

        public String vpcId() { return vpcId; }
        public String availabilityZone() { return availabilityZone; }
        public synchronized int availableIpAddressCount() { return availableIpAddressCount; }
    }

    public static final class SecurityGroup extends Resource {
        final String name;
        final String vpcId;

        SecurityGroup(String id, String name, String vpcId) {
            super(id);
            this.name = name;
            this.vpcId = vpcId;
        }

        public String name() { return name; }
    }

    public static final class NetworkInterface extends Resource {
        final String subnetId;
        final String vpcId;
        final String availabilityZone;
        final String interfaceType;
        final String description;
        final List<String> groupIds;
        final String privateIpAddress;
        String status = "in-use";
        String requesterId;

        NetworkInterface(String id, Subnet subnet, String interfaceType, String description,
                List<String> groupIds, String privateIpAddress) {
            super(id);
            this.subnetId = subnet.id;
            this.vpcId = subnet.vpcId;
            this.availabilityZone = subnet.availabilityZone;
            this.interfaceType = interfaceType;
            this.description = description;
            this.groupIds = List.copyOf(groupIds);
            this.privateIpAddress = privateIpAddress;
        }

        public String subnetId() { return subnetId; }
        public String interfaceType() { return interfaceType; }
        public String description() { return description; }
        public List<String> groupIds() { return groupIds; }
        public String status() { return status; }

        public NetworkInterface status(String status) {
            this.status = status;
            return this;
        }
    }

    /** One route; exactly one of the two destinations is set. */
    public record Route(String destinationCidrBlock, String destinationIpv6CidrBlock, String gatewayId,
            String natGatewayId, String state, String origin) {

        public String destination() {
            return destinationCidrBlock != null ? destinationCidrBlock : destinationIpv6CidrBlock;
        }

        boolean ipv6() {
            return destinationIpv6CidrBlock != null;
        }
    }

    public static final class RouteTable extends Resource {
        final String vpcId;
        final List<Route> routes = new ArrayList<>();
        final List<String> subnetIds = new ArrayList<>();
        boolean main;

        RouteTable(String id, String vpcId) {
            super(id);
            this.vpcId = vpcId;
        }

        public synchronized List<Route> routes() { return List.copyOf(routes); }

        /** Seeds a route as if created earlier (origin CreateRoute, state active). */
        public synchronized RouteTable addRoute(String destinationCidr, String natGatewayId) {
            routes.add(new Route(destinationCidr.contains(":") ? null : destinationCidr,
                    destinationCidr.contains(":") ? destinationCidr : null, null, natGatewayId, "active", "CreateRoute"));
            return this;
        }

        /** Seeds a route to an internet (igw-) or other gateway. */
        public synchronized RouteTable addGatewayRoute(String destinationCidr, String gatewayId) {
            routes.add(new Route(destinationCidr.contains(":") ? null : destinationCidr,
                    destinationCidr.contains(":") ? destinationCidr : null, gatewayId, null, "active", "CreateRoute"));
            return this;
        }

        public synchronized RouteTable main(boolean main) {
            this.main = main;
            return this;
        }

        synchronized Route route(String destination) {
            return routes.stream().filter(r -> r.destination().equals(destination)).findFirst().orElse(null);
        }
    }

    public static final class VpcEndpoint extends Resource {
        final String vpcId;
        final String serviceName;
        String policyDocument;
        final List<String> routeTableIds;

        VpcEndpoint(String id, String vpcId, String serviceName, String policyDocument, List<String> routeTableIds) {
            super(id);
            this.vpcId = vpcId;
            this.serviceName = serviceName;
            this.policyDocument = policyDocument;
            this.routeTableIds = List.copyOf(routeTableIds);
        }

        public String policyDocument() { return policyDocument; }
    }

    public static final class NatGateway extends Resource {
        final String vpcId;
        final String subnetId;

        NatGateway(String id, String vpcId, String subnetId) {
            super(id);
            this.vpcId = vpcId;
            this.subnetId = subnetId;
        }

        public String vpcId() { return vpcId; }
    }

    // ---- seeding API ------------------------------------------------------------------------

    public synchronized NatGateway addNatGateway(String id, String vpcId, String subnetId) {
        NatGateway n = new NatGateway(id, vpcId, subnetId);
        natGateways.put(id, n);
        return n;
    }

    public synchronized Vpc addVpc(String vpcId, String cidrBlock) {
        Vpc v = new Vpc(vpcId, cidrBlock);
        vpcs.put(vpcId, v);
        return v;
    }

    /** A subnet with {@code freeIps} available addresses (AWS already excludes its 5 reserved ones). */
    public synchronized Subnet addSubnet(String id, String vpcId, String az, String cidrBlock, int freeIps) {
        Subnet s = new Subnet(id, vpcId, az, cidrBlock, freeIps);
        subnets.put(id, s);
        return s;
    }

    public synchronized SecurityGroup addSecurityGroup(String id, String name, String vpcId) {
        SecurityGroup g = new SecurityGroup(id, name, vpcId);
        groups.put(id, g);
        return g;
    }

    /** An ENI in a seeded subnet; takes one of the subnet's free addresses. */
    public synchronized NetworkInterface addNetworkInterface(String id, String subnetId, String interfaceType,
            String description, List<String> groupIds) {
        Subnet s = subnets.get(subnetId);
        if (s == null) {
            throw new IllegalArgumentException("seed subnet " + subnetId + " first");
        }
        NetworkInterface eni = new NetworkInterface(id, s, interfaceType, description, groupIds, nextIp(s));
        enis.put(id, eni);
        return eni;
    }

    /** A route table with its {@code local} route (the VPC CIDR) and subnet associations. */
    public synchronized RouteTable addRouteTable(String id, String vpcId, String... associatedSubnetIds) {
        RouteTable t = new RouteTable(id, vpcId);
        Vpc vpc = vpcs.get(vpcId);
        if (vpc != null) {
            t.routes.add(new Route(vpc.cidrBlock, null, "local", null, "active", "CreateRouteTable"));
        }
        t.subnetIds.addAll(List.of(associatedSubnetIds));
        routeTables.put(id, t);
        return t;
    }

    /** A gateway endpoint, e.g. service {@code com.amazonaws.ap-northeast-1.s3}. */
    public synchronized VpcEndpoint addVpcEndpoint(String id, String vpcId, String serviceName, String policyDocument,
            List<String> routeTableIds) {
        VpcEndpoint e = new VpcEndpoint(id, vpcId, serviceName, policyDocument, routeTableIds);
        endpoints.put(id, e);
        return e;
    }

    /** Routes (per address family, the local route included) allowed per table; AWS's default is 50. */
    public void maxRoutesPerTable(int max) {
        this.maxRoutesPerTable = max;
    }

    public synchronized RouteTable routeTable(String id) {
        return routeTables.get(id);
    }

    public synchronized Subnet subnet(String id) {
        return subnets.get(id);
    }

    public synchronized List<NetworkInterface> networkInterfaces() {
        return List.copyOf(enis.values());
    }

    // ---- hooks for Lambda ---------------------------------------------------------------------

    /** VpcId of a subnet, or Lambda's InvalidParameterValueException as AWS reports a missing one. */
    synchronized String vpcOfSubnet(String subnetId) {
        Subnet s = subnets.get(subnetId);
        if (s == null) {
            throw new AwsError("InvalidParameterValueException",
                    "Error occurred while DescribeSubnets. EC2 Error Code: InvalidSubnetID.NotFound. EC2 Error Message:"
                            + " The subnet ID '" + subnetId + "' does not exist", 400);
        }
        return s.vpcId;
    }

    /**
     * Hyperplane ENIs (since 2019): one per (subnet, security-group set), shared by all functions
     * with that combination, interface type {@code lambda}.
     */
    synchronized void ensureLambdaEnis(String functionName, List<String> subnetIds, List<String> groupIds) {
        for (String g : groupIds) {
            if (!groups.containsKey(g)) {
                throw new AwsError("InvalidParameterValueException",
                        "Error occurred while DescribeSecurityGroups. EC2 Error Code: InvalidGroup.NotFound."
                                + " EC2 Error Message: The security group '" + g + "' does not exist", 400);
            }
        }
        for (String subnetId : subnetIds) {
            Subnet s = subnets.get(subnetId);
            boolean exists = enis.values().stream().anyMatch(e -> e.interfaceType.equals("lambda")
                    && e.subnetId.equals(subnetId) && new TreeSet<>(e.groupIds).equals(new TreeSet<>(groupIds)));
            if (s != null && !exists) {
                String id = "eni-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
                NetworkInterface eni = new NetworkInterface(id, s, "lambda",
                        "AWS Lambda VPC ENI-" + functionName + "-" + UUID.randomUUID(), groupIds, nextIp(s));
                eni.requesterId = "AROAEXAMPLE:awslambda_" + functionName;
                enis.put(id, eni);
            }
        }
    }

    /** Takes the subnet's next free address: .4, .5, ... (AWS reserves .0-.3 and the last). */
    private static String nextIp(Subnet s) {
        int host;
        synchronized (s) {
            s.availableIpAddressCount--;
            host = s.nextHost++;
        }
        String[] net = s.cidrBlock.split("/")[0].split("\\.");
        int base = (Integer.parseInt(net[2]) << 8) + Integer.parseInt(net[3]) + host;
        return net[0] + "." + net[1] + "." + (base >> 8 & 0xff) + "." + (base & 0xff);
    }

    // ---- protocol ---------------------------------------------------------------------------

    @Override
    public String name() {
        return "ec2";
    }

    @Override
    public String action(AwsRequest r) {
        String action = r.form.get("Action");
        if (action == null) {
            throw new AwsError("MissingAction", "aws-local: EC2 expects a form post with Action=...", 400);
        }
        return action;
    }

    @Override
    public Map<String, String> params(AwsRequest r) {
        return r.form;
    }

    @Override
    public AwsResponse error(AwsRequest r, AwsError e) {
        String xml = Query.Xml.document().open("Response").open("Errors").open("Error")
                .leaf("Code", e.code).leaf("Message", e.getMessage())
                .close("Error").close("Errors").leaf("RequestID", Query.requestId()).close("Response").toString();
        return AwsResponse.xml(e.status, xml);
    }

    @Override
    public synchronized AwsResponse handle(AwsRequest r, String action) {
        Map<String, String> p = r.form;
        Query.Xml x = new Query.Xml();
        switch (action) {
            case "DescribeVpcs" -> describe(p, x, "VpcId", vpcs, "InvalidVpcID.NotFound", "vpc ID", "vpcSet",
                    true, this::vpcFilter, this::writeVpc);
            case "DescribeSubnets" -> describe(p, x, "SubnetId", subnets, "InvalidSubnetID.NotFound", "subnet ID",
                    "subnetSet", true, this::subnetFilter, this::writeSubnet);
            case "DescribeSecurityGroups" -> describe(p, x, "GroupId", groups, "InvalidGroup.NotFound",
                    "security group", "securityGroupInfo", true, this::groupFilter, this::writeGroup);
            case "DescribeNetworkInterfaces" -> describe(p, x, "NetworkInterfaceId", enis,
                    "InvalidNetworkInterfaceID.NotFound", "networkInterface ID", "networkInterfaceSet", true,
                    this::eniFilter, this::writeEni);
            case "DescribeRouteTables" -> describe(p, x, "RouteTableId", routeTables, "InvalidRouteTableID.NotFound",
                    "routeTable ID", "routeTableSet", true, this::routeTableFilter, this::writeRouteTable);
            case "DescribeVpcEndpoints" -> describe(p, x, "VpcEndpointId", endpoints, "InvalidVpcEndpointId.NotFound",
                    "Vpc Endpoint Id", "vpcEndpointSet", true, this::endpointFilter, this::writeEndpoint);
            case "DescribeNatGateways" -> describe(p, x, "NatGatewayId", natGateways, "NatGatewayNotFound",
                    "NAT gateway", "natGatewaySet", true, this::natFilter, this::writeNat);
            case "CreateRoute" -> createRoute(p, x);
            case "ReplaceRoute" -> replaceRoute(p, x);
            case "DeleteRoute" -> deleteRoute(p, x);
            case "CreateTags" -> createTags(p, x);
            case "DeleteTags" -> deleteTags(p, x);
            default -> throw new AwsError("InvalidAction", "The action " + action + " is not valid for this web service.", 400);
        }
        Query.Xml doc = Query.Xml.document().root(action + "Response", NS).leaf("requestId", Query.requestId())
                .raw(x).close(action + "Response");
        return AwsResponse.xml(200, doc.toString());
    }

    @FunctionalInterface
    private interface Writer<T> {
        void write(Query.Xml x, T resource);
    }

    /**
     * Describe*: by ids (a missing id is an error naming it), then filters (all must match; any
     * value of a filter may match), then one page of MaxResults (5..1000) from NextToken.
     */
    private <T extends Resource> void describe(Map<String, String> p, Query.Xml x, String idParam, Map<String, T> all,
            String notFoundCode, String noun, String setName, boolean pages,
            Function<String, Function<T, List<String>>> filterField, Writer<T> writer) {
        List<T> result = new ArrayList<>();
        List<String> ids = Query.list(p, idParam);
        if (ids.isEmpty()) {
            result.addAll(all.values());
        } else {
            for (String id : ids) {
                T t = all.get(id);
                if (t == null) {
                    throw new AwsError(notFoundCode, "The " + noun + " '" + id + "' does not exist", 400);
                }
                result.add(t);
            }
        }
        for (Map.Entry<String, List<String>> f : Query.filters(p).entrySet()) {
            Function<T, List<String>> field;
            if (f.getKey().startsWith("tag:")) {
                String key = f.getKey().substring(4);
                field = t -> t.tags().containsKey(key) ? List.of(t.tags().get(key)) : List.of();
            } else if (f.getKey().equals("tag-key")) {
                field = t -> List.copyOf(t.tags().keySet());
            } else {
                field = filterField.apply(f.getKey());
                if (field == null) {
                    throw new AwsError("InvalidParameterValue", "The filter '" + f.getKey() + "' is invalid", 400);
                }
            }
            Function<T, List<String>> fieldF = field;
            result.removeIf(t -> fieldF.apply(t).stream()
                    .noneMatch(v -> f.getValue().stream().anyMatch(pattern -> Query.globMatches(pattern, v))));
        }
        int from = 0;
        int to = result.size();
        if (pages && p.containsKey("NextToken")) {
            from = Integer.parseInt(new String(Base64.getDecoder().decode(p.get("NextToken"))));
        }
        if (pages && p.containsKey("MaxResults")) {
            int max = Integer.parseInt(p.get("MaxResults"));
            if (max < 5 || max > 1000) {
                throw new AwsError("InvalidParameterValue",
                        "Value ( " + max + " ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.", 400);
            }
            to = Math.min(result.size(), from + max);
        }
        x.open(setName);
        for (T t : result.subList(from, to)) {
            x.open("item");
            writer.write(x, t);
            x.tagSet(t.tags()).close("item");
        }
        x.close(setName);
        if (to < result.size()) {
            x.leaf("nextToken", Base64.getEncoder().encodeToString(String.valueOf(to).getBytes()));
        }
    }

    private Function<Vpc, List<String>> vpcFilter(String name) {
        return switch (name) {
            case "vpc-id" -> v -> List.of(v.id);
            case "cidr", "cidr-block" -> v -> List.of(v.cidrBlock);
            case "state" -> v -> List.of("available");
            default -> null;
        };
    }

    private void writeVpc(Query.Xml x, Vpc v) {
        x.leaf("vpcId", v.id).leaf("ownerId", AwsLocal.ACCOUNT).leaf("state", "available")
                .leaf("cidrBlock", v.cidrBlock).leaf("isDefault", false);
        List<String> cidrs;
        synchronized (v) {
            cidrs = new ArrayList<>(v.extraCidrs);
        }
        x.open("cidrBlockAssociationSet");
        x.open("item").leaf("associationId", "vpc-cidr-assoc-0").leaf("cidrBlock", v.cidrBlock)
                .open("cidrBlockState").leaf("state", "associated").close("cidrBlockState").close("item");
        for (int i = 0; i < cidrs.size(); i++) {
            if (!cidrs.get(i).contains(":")) {
                x.open("item").leaf("associationId", "vpc-cidr-assoc-" + (i + 1)).leaf("cidrBlock", cidrs.get(i))
                        .open("cidrBlockState").leaf("state", "associated").close("cidrBlockState").close("item");
            }
        }
        x.close("cidrBlockAssociationSet");
        x.open("ipv6CidrBlockAssociationSet");
        for (int i = 0; i < cidrs.size(); i++) {
            if (cidrs.get(i).contains(":")) {
                x.open("item").leaf("associationId", "vpc-cidr-assoc-" + (i + 1)).leaf("ipv6CidrBlock", cidrs.get(i))
                        .open("ipv6CidrBlockState").leaf("state", "associated").close("ipv6CidrBlockState").close("item");
            }
        }
        x.close("ipv6CidrBlockAssociationSet");
    }

    private Function<Subnet, List<String>> subnetFilter(String name) {
        return switch (name) {
            case "subnet-id" -> s -> List.of(s.id);
            case "vpc-id" -> s -> List.of(s.vpcId);
            case "availability-zone" -> s -> List.of(s.availabilityZone);
            case "availability-zone-id" -> s -> List.of(s.availabilityZoneId);
            case "cidr-block" -> s -> List.of(s.cidrBlock);
            case "state" -> s -> List.of("available");
            default -> null;
        };
    }

    private void writeSubnet(Query.Xml x, Subnet s) {
        x.leaf("subnetId", s.id).leaf("subnetArn", "arn:aws:ec2:region:" + AwsLocal.ACCOUNT + ":subnet/" + s.id)
                .leaf("state", "available").leaf("ownerId", AwsLocal.ACCOUNT).leaf("vpcId", s.vpcId)
                .leaf("cidrBlock", s.cidrBlock).leaf("availableIpAddressCount", s.availableIpAddressCount())
                .leaf("availabilityZone", s.availabilityZone).leaf("availabilityZoneId", s.availabilityZoneId)
                .leaf("defaultForAz", false).leaf("mapPublicIpOnLaunch", false);
    }

    private Function<SecurityGroup, List<String>> groupFilter(String name) {
        return switch (name) {
            case "group-id" -> g -> List.of(g.id);
            case "group-name" -> g -> List.of(g.name);
            case "vpc-id" -> g -> List.of(g.vpcId);
            default -> null;
        };
    }

    private void writeGroup(Query.Xml x, SecurityGroup g) {
        x.leaf("ownerId", AwsLocal.ACCOUNT).leaf("groupId", g.id).leaf("groupName", g.name)
                .leaf("groupDescription", g.name).leaf("vpcId", g.vpcId)
                .open("ipPermissions").close("ipPermissions")
                .open("ipPermissionsEgress").close("ipPermissionsEgress");
    }

    private Function<NetworkInterface, List<String>> eniFilter(String name) {
        return switch (name) {
            case "network-interface-id" -> e -> List.of(e.id);
            case "interface-type" -> e -> List.of(e.interfaceType);
            case "subnet-id" -> e -> List.of(e.subnetId);
            case "vpc-id" -> e -> List.of(e.vpcId);
            case "description" -> e -> List.of(e.description);
            case "status" -> e -> List.of(e.status);
            case "requester-id" -> e -> e.requesterId == null ? List.of() : List.of(e.requesterId);
            case "group-id" -> e -> e.groupIds;
            case "availability-zone" -> e -> List.of(e.availabilityZone);
            default -> null;
        };
    }

    private void writeEni(Query.Xml x, NetworkInterface e) {
        x.leaf("networkInterfaceId", e.id).leaf("subnetId", e.subnetId).leaf("vpcId", e.vpcId)
                .leaf("availabilityZone", e.availabilityZone).leaf("description", e.description)
                .leaf("ownerId", AwsLocal.ACCOUNT).leaf("requesterId", e.requesterId)
                .leaf("requesterManaged", e.requesterId != null).leaf("status", e.status)
                .leaf("interfaceType", e.interfaceType).leaf("privateIpAddress", e.privateIpAddress)
                .leaf("sourceDestCheck", true).open("groupSet");
        for (String g : e.groupIds) {
            SecurityGroup sg = groups.get(g);
            x.open("item").leaf("groupId", g).leaf("groupName", sg == null ? null : sg.name).close("item");
        }
        x.close("groupSet");
    }

    private Function<RouteTable, List<String>> routeTableFilter(String name) {
        return switch (name) {
            case "route-table-id" -> t -> List.of(t.id);
            case "vpc-id" -> t -> List.of(t.vpcId);
            case "association.subnet-id" -> t -> List.copyOf(t.subnetIds);
            case "association.main" -> t -> List.of(String.valueOf(t.main));
            case "route.nat-gateway-id" -> t -> t.routes().stream().map(Route::natGatewayId)
                    .filter(Objects::nonNull).toList();
            case "route.destination-cidr-block" -> t -> t.routes().stream().map(Route::destinationCidrBlock)
                    .filter(Objects::nonNull).toList();
            default -> null;
        };
    }

    private void writeRouteTable(Query.Xml x, RouteTable t) {
        x.leaf("routeTableId", t.id).leaf("vpcId", t.vpcId).leaf("ownerId", AwsLocal.ACCOUNT).open("routeSet");
        for (Route r : t.routes()) {
            x.open("item").leaf("destinationCidrBlock", r.destinationCidrBlock)
                    .leaf("destinationIpv6CidrBlock", r.destinationIpv6CidrBlock)
                    .leaf("gatewayId", r.gatewayId).leaf("natGatewayId", r.natGatewayId)
                    .leaf("state", r.state).leaf("origin", r.origin).close("item");
        }
        x.close("routeSet").open("associationSet");
        if (t.main) {
            x.open("item").leaf("main", true).leaf("routeTableAssociationId", "rtbassoc-" + t.id.substring(4) + "0")
                    .leaf("routeTableId", t.id).open("associationState").leaf("state", "associated")
                    .close("associationState").close("item");
        }
        for (String subnetId : t.subnetIds) {
            x.open("item").leaf("main", false)
                    .leaf("routeTableAssociationId", "rtbassoc-" + Integer.toHexString(subnetId.hashCode()))
                    .leaf("routeTableId", t.id).leaf("subnetId", subnetId).open("associationState")
                    .leaf("state", "associated").close("associationState").close("item");
        }
        x.close("associationSet").open("propagatingVgwSet").close("propagatingVgwSet");
    }

    private Function<VpcEndpoint, List<String>> endpointFilter(String name) {
        return switch (name) {
            case "vpc-endpoint-id" -> e -> List.of(e.id);
            case "vpc-id" -> e -> List.of(e.vpcId);
            case "service-name" -> e -> List.of(e.serviceName);
            case "vpc-endpoint-type" -> e -> List.of("Gateway");
            case "vpc-endpoint-state" -> e -> List.of("available");
            default -> null;
        };
    }

    private Function<NatGateway, List<String>> natFilter(String name) {
        return switch (name) {
            case "nat-gateway-id" -> n -> List.of(n.id);
            case "vpc-id" -> n -> List.of(n.vpcId);
            case "subnet-id" -> n -> List.of(n.subnetId);
            case "state" -> n -> List.of("available");
            default -> null;
        };
    }

    private void writeNat(Query.Xml x, NatGateway n) {
        x.leaf("natGatewayId", n.id).leaf("vpcId", n.vpcId).leaf("subnetId", n.subnetId).leaf("state", "available")
                .leaf("connectivityType", "public");
    }

    private void writeEndpoint(Query.Xml x, VpcEndpoint e) {
        x.leaf("vpcEndpointId", e.id).leaf("vpcEndpointType", "Gateway").leaf("vpcId", e.vpcId)
                .leaf("serviceName", e.serviceName).leaf("state", "available")
                .leaf("policyDocument", e.policyDocument).open("routeTableIdSet");
        e.routeTableIds.forEach(id -> x.leaf("item", id));
        x.close("routeTableIdSet").leaf("privateDnsEnabled", false).leaf("ownerId", AwsLocal.ACCOUNT);
    }

    // ---- mutations ----------------------------------------------------------------------------

    private RouteTable table(Map<String, String> p) {
        String id = p.get("RouteTableId");
        RouteTable t = id == null ? null : routeTables.get(id);
        if (t == null) {
            throw new AwsError("InvalidRouteTableID.NotFound", "The routeTable ID '" + id + "' does not exist", 400);
        }
        return t;
    }

    private static String destination(Map<String, String> p) {
        String d = p.getOrDefault("DestinationCidrBlock", p.get("DestinationIpv6CidrBlock"));
        if (d == null) {
            throw new AwsError("MissingParameter",
                    "The request must contain the parameter destinationCidrBlock or destinationIpv6CidrBlock", 400);
        }
        return d;
    }

    private static Route newRoute(Map<String, String> p, String destination) {
        String nat = p.get("NatGatewayId");
        String gateway = p.get("GatewayId");
        if (nat == null && gateway == null) {
            throw new AwsError("MissingParameter", "The request must contain a route target (natGatewayId, gatewayId)", 400);
        }
        boolean v6 = destination.contains(":");
        return new Route(v6 ? null : destination, v6 ? destination : null, gateway, nat, "active", "CreateRoute");
    }

    private void createRoute(Map<String, String> p, Query.Xml x) {
        RouteTable t = table(p);
        String destination = destination(p);
        synchronized (t) {
            if (t.route(destination) != null) {
                throw new AwsError("RouteAlreadyExists",
                        "The route identified by " + destination + " already exists.", 400);
            }
            Route route = newRoute(p, destination);
            long sameFamily = t.routes.stream().filter(r -> r.ipv6() == route.ipv6()).count();
            if (sameFamily >= maxRoutesPerTable) {
                throw new AwsError("RouteLimitExceeded", "The maximum number of routes has been reached.", 400);
            }
            t.routes.add(route);
        }
        x.leaf("return", true);
    }

    private void replaceRoute(Map<String, String> p, Query.Xml x) {
        RouteTable t = table(p);
        String destination = destination(p);
        synchronized (t) {
            Route old = t.route(destination);
            if (old == null) {
                throw new AwsError("InvalidRoute.NotFound", "There is no route defined for '" + destination
                        + "' in the route table. Please use AddRoute instead.", 400);
            }
            t.routes.set(t.routes.indexOf(old), newRoute(p, destination));
        }
        x.leaf("return", true);
    }

    private void deleteRoute(Map<String, String> p, Query.Xml x) {
        RouteTable t = table(p);
        String destination = destination(p);
        synchronized (t) {
            Route old = t.route(destination);
            if (old == null) {
                throw new AwsError("InvalidRoute.NotFound", "no route with destination-cidr-block " + destination
                        + " in route table " + t.id, 400);
            }
            if ("local".equals(old.gatewayId)) {
                throw new AwsError("InvalidParameterValue",
                        "cannot remove local route " + destination + " in route table " + t.id, 400);
            }
            t.routes.remove(old);
        }
        x.leaf("return", true);
    }

    private Resource resource(String id) {
        for (Map<String, ? extends Resource> m : List.of(vpcs, subnets, groups, enis, routeTables, endpoints, natGateways)) {
            Resource r = m.get(id);
            if (r != null) {
                return r;
            }
        }
        throw new AwsError("InvalidID", "The ID '" + id + "' is not valid", 400);
    }

    private void createTags(Map<String, String> p, Query.Xml x) {
        List<Resource> targets = Query.list(p, "ResourceId").stream().map(this::resource).toList();
        for (Map<String, String> tag : Query.structs(p, "Tag")) {
            targets.forEach(r -> r.tag(tag.get("Key"), tag.getOrDefault("Value", "")));
        }
        x.leaf("return", true);
    }

    private void deleteTags(Map<String, String> p, Query.Xml x) {
        List<Resource> targets = Query.list(p, "ResourceId").stream().map(this::resource).toList();
        for (Map<String, String> tag : Query.structs(p, "Tag")) {
            for (Resource r : targets) {
                synchronized (r) {
                    String value = tag.get("Value");
                    if (value == null || value.equals(r.tags.get(tag.get("Key")))) {
                        r.tags.remove(tag.get("Key"));
                    }
                }
            }
        }
        x.leaf("return", true);
    }
}
