package io.opsnotify.awslocal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Lambda over REST-JSON (paths under {@code /2015-03-31/functions}, {@code /2017-03-31/tags},
 * {@code /2017-10-31} and {@code /2019-09-30} concurrency, {@code /2019-09-25} event-invoke-config).
 *
 * <p>Modeled: CreateFunction (ZipFile only; CodeSha256 = base64(SHA-256(zip)), CodeSize),
 * Get/Delete/ListFunctions, GetFunctionConfiguration, UpdateFunctionCode/Configuration,
 * Add/RemovePermission and GetPolicy, Put/Get/Update/DeleteFunctionEventInvokeConfig,
 * Put/Get/DeleteFunctionConcurrency, TagResource/UntagResource/ListTags, Invoke
 * (RequestResponse, Event, DryRun) through the pluggable {@link FunctionInvoker}.
 *
 * <p>Lifecycle: a new function is {@code State=Pending, LastUpdateStatus=InProgress}; an update
 * sets {@code LastUpdateStatus=InProgress}. Each settles ({@code Active} / {@code Successful})
 * after {@link #settleAfterReads} GetFunction/GetFunctionConfiguration calls (default 1, so the
 * SDK waiters poll at least twice). Like real Lambda, an update while the function is Pending
 * or InProgress, and an Invoke while it is not Active, is refused with
 * {@code ResourceConflictException} (409). SNS deliveries are not refused (real SNS → Lambda
 * delivery is asynchronous and retried; here it simply runs).
 *
 * <p>VPC: {@code VpcId} is taken from the subnets seeded in {@link Ec2Local}; a function with
 * a VPC config gets one shared Hyperplane ENI (interface-type {@code lambda}) per subnet and
 * security-group set, as Lambda has done since 2019.
 *
 * <p>Not modeled: S3 code locations, image packages, versions/aliases/qualifiers, layers,
 * function URLs, event source mappings, code signing, validation of roles or runtimes.
 */
public final class LambdaLocal implements LocalService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter LAST_MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final Ec2Local ec2;
    private final Map<String, FunctionState> functions = new LinkedHashMap<>();
    private volatile FunctionInvoker invoker = (fn, event) -> "null".getBytes(StandardCharsets.UTF_8);
    private volatile int settleAfterReads = 1;

    LambdaLocal(Ec2Local ec2) {
        this.ec2 = ec2;
    }

    /** The code that runs on SNS deliveries and Invoke; the default returns {@code null}. */
    public void invoker(FunctionInvoker invoker) {
        this.invoker = invoker;
    }

    /** How many Get calls see Pending/InProgress before it becomes Active/Successful (default 1). */
    public void settleAfterReads(int reads) {
        this.settleAfterReads = reads;
    }

    /** The function by name or ARN, or null. */
    public synchronized FunctionState function(String nameOrArn) {
        return functions.get(nameOf(nameOrArn));
    }

    public synchronized List<FunctionState> functions() {
        return List.copyOf(functions.values());
    }

    @Override
    public String name() {
        return "lambda";
    }

    @Override
    public String action(AwsRequest r) {
        List<String> s = r.pathSegments();
        String m = r.method;
        if (s.size() >= 2 && s.get(1).equals("functions")) {
            String version = s.get(0);
            if (s.size() == 2 || (s.size() == 3 && s.get(2).isEmpty())) {
                switch (m) {
                    case "POST": return "CreateFunction";
                    case "GET": return "ListFunctions";
                    default: break;
                }
            } else if (s.size() == 3) {
                switch (m) {
                    case "GET": return "GetFunction";
                    case "DELETE": return "DeleteFunction";
                    default: break;
                }
            } else {
                String sub = s.get(3);
                switch (version + " " + m + " " + sub) {
                    case "2015-03-31 GET configuration": return "GetFunctionConfiguration";
                    case "2015-03-31 PUT configuration": return "UpdateFunctionConfiguration";
                    case "2015-03-31 PUT code": return "UpdateFunctionCode";
                    case "2015-03-31 POST policy": return "AddPermission";
                    case "2015-03-31 GET policy": return "GetPolicy";
                    case "2015-03-31 DELETE policy": return "RemovePermission";
                    case "2015-03-31 POST invocations": return "Invoke";
                    case "2019-09-25 PUT event-invoke-config": return "PutFunctionEventInvokeConfig";
                    case "2019-09-25 POST event-invoke-config": return "UpdateFunctionEventInvokeConfig";
                    case "2019-09-25 GET event-invoke-config": return "GetFunctionEventInvokeConfig";
                    case "2019-09-25 DELETE event-invoke-config": return "DeleteFunctionEventInvokeConfig";
                    case "2017-10-31 PUT concurrency": return "PutFunctionConcurrency";
                    case "2017-10-31 DELETE concurrency": return "DeleteFunctionConcurrency";
                    case "2019-09-30 GET concurrency": return "GetFunctionConcurrency";
                    default: break;
                }
            }
        } else if (s.size() == 3 && s.get(0).equals("2017-03-31") && s.get(1).equals("tags")) {
            switch (m) {
                case "POST": return "TagResource";
                case "GET": return "ListTags";
                case "DELETE": return "UntagResource";
                default: break;
            }
        }
        throw new AwsError("UnknownOperationException", "aws-local: no Lambda operation for " + m + " " + r.rawPath, 400);
    }

    @Override
    public Map<String, String> params(AwsRequest r) {
        Map<String, String> p = new LinkedHashMap<>(r.query);
        p.put("path", String.join("/", r.pathSegments()));
        return p;
    }

    @Override
    public AwsResponse error(AwsRequest r, AwsError e) {
        ObjectNode body = JSON.createObjectNode();
        body.put("Type", e.status >= 500 ? "Service" : "User");
        body.put("Message", e.getMessage());
        if (e.code.equals("TooManyRequestsException")) {
            body.put("Reason", "CallerRateLimitExceeded");
        }
        return AwsResponse.json(e.status, body.toString())
                .header("x-amzn-ErrorType", e.code)
                .header("x-amzn-RequestId", Query.requestId());
    }

    @Override
    public AwsResponse handle(AwsRequest r, String action) {
        List<String> s = r.pathSegments();
        if (action.equals("Invoke")) {
            return invoke(r, s.get(2)); // outside the lock: the invoker may call back into the endpoint
        }
        AwsResponse response;
        synchronized (this) {
            JsonNode in = r.body.length == 0 ? JSON.createObjectNode() : parse(r.bodyText());
            response = switch (action) {
                case "CreateFunction" -> createFunction(in, r.region);
                case "ListFunctions" -> listFunctions();
                case "GetFunction" -> getFunction(find(s.get(2), r.region));
                case "GetFunctionConfiguration" -> ok(configuration(read(find(s.get(2), r.region))));
                case "DeleteFunction" -> deleteFunction(find(s.get(2), r.region));
                case "UpdateFunctionCode" -> updateCode(find(s.get(2), r.region), in);
                case "UpdateFunctionConfiguration" -> updateConfiguration(find(s.get(2), r.region), in);
                case "AddPermission" -> addPermission(find(s.get(2), r.region), in);
                case "GetPolicy" -> getPolicy(find(s.get(2), r.region));
                case "RemovePermission" -> removePermission(find(s.get(2), r.region), s.get(4));
                case "PutFunctionEventInvokeConfig" -> putEventInvokeConfig(find(s.get(2), r.region), in, false);
                case "UpdateFunctionEventInvokeConfig" -> putEventInvokeConfig(find(s.get(2), r.region), in, true);
                case "GetFunctionEventInvokeConfig" -> getEventInvokeConfig(find(s.get(2), r.region));
                case "DeleteFunctionEventInvokeConfig" -> {
                    find(s.get(2), r.region).eventInvokeConfig = null;
                    yield AwsResponse.empty(204);
                }
                case "PutFunctionConcurrency" -> {
                    FunctionState fn = find(s.get(2), r.region);
                    fn.reservedConcurrency = in.path("ReservedConcurrentExecutions").asInt();
                    yield ok(JSON.createObjectNode().put("ReservedConcurrentExecutions", fn.reservedConcurrency));
                }
                case "GetFunctionConcurrency" -> {
                    FunctionState fn = find(s.get(2), r.region);
                    ObjectNode out = JSON.createObjectNode();
                    if (fn.reservedConcurrency != null) {
                        out.put("ReservedConcurrentExecutions", fn.reservedConcurrency);
                    }
                    yield ok(out);
                }
                case "DeleteFunctionConcurrency" -> {
                    find(s.get(2), r.region).reservedConcurrency = null;
                    yield AwsResponse.empty(204);
                }
                case "TagResource" -> {
                    FunctionState fn = find(s.get(2), r.region);
                    synchronized (fn) {
                        in.path("Tags").fields().forEachRemaining(e -> fn.tags.put(e.getKey(), e.getValue().asText()));
                    }
                    yield AwsResponse.empty(204);
                }
                case "UntagResource" -> {
                    FunctionState fn = find(s.get(2), r.region);
                    synchronized (fn) {
                        r.queryValues("tagKeys").forEach(fn.tags::remove);
                    }
                    yield AwsResponse.empty(204);
                }
                case "ListTags" -> {
                    ObjectNode out = JSON.createObjectNode();
                    ObjectNode tags = out.putObject("Tags");
                    find(s.get(2), r.region).tags().forEach(tags::put);
                    yield ok(out);
                }
                default -> throw new AwsError("UnknownOperationException", action, 400);
            };
        }
        return response;
    }

    // ---- operations ----------------------------------------------------------------------

    private AwsResponse createFunction(JsonNode in, String region) {
        String name = nameOf(in.path("FunctionName").asText());
        if (functions.containsKey(name)) {
            throw new AwsError("ResourceConflictException",
                    "Function already exist: " + name, 409);
        }
        if (!in.path("Code").has("ZipFile")) {
            throw new AwsError("InvalidParameterValueException",
                    "aws-local models Code.ZipFile only (no S3Bucket/ImageUri)", 400);
        }
        FunctionState fn = new FunctionState(name, region);
        applyConfiguration(fn, in);
        in.path("Tags").fields().forEachRemaining(e -> fn.tags.put(e.getKey(), e.getValue().asText()));
        setCode(fn, Base64.getDecoder().decode(in.path("Code").path("ZipFile").asText()));
        fn.state = "Pending";
        fn.lastUpdateStatus = "InProgress";
        touch(fn);
        functions.put(name, fn);
        return new AwsResponse(201, "application/json", bytes(configuration(fn)));
    }

    private AwsResponse listFunctions() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("Functions");
        functions.values().forEach(fn -> list.add(configuration(fn)));
        return ok(out);
    }

    private AwsResponse getFunction(FunctionState fn) {
        read(fn);
        ObjectNode out = JSON.createObjectNode();
        out.set("Configuration", configuration(fn));
        out.putObject("Code").put("RepositoryType", "S3")
                .put("Location", "https://awslambda-" + fn.region + "-tasks.s3." + fn.region
                        + ".amazonaws.com/snapshots/" + AwsLocal.ACCOUNT + "/" + fn.name + "-" + fn.revisionId);
        ObjectNode tags = out.putObject("Tags");
        fn.tags().forEach(tags::put);
        return ok(out);
    }

    private AwsResponse deleteFunction(FunctionState fn) {
        functions.remove(fn.name);
        return AwsResponse.empty(204);
    }

    private AwsResponse updateCode(FunctionState fn, JsonNode in) {
        requireIdle(fn);
        if (!in.has("ZipFile")) {
            throw new AwsError("InvalidParameterValueException", "aws-local models ZipFile only", 400);
        }
        setCode(fn, Base64.getDecoder().decode(in.path("ZipFile").asText()));
        fn.lastUpdateStatus = "InProgress";
        fn.readsUntilSettled = settleAfterReads;
        touch(fn);
        return ok(configuration(fn));
    }

    private AwsResponse updateConfiguration(FunctionState fn, JsonNode in) {
        requireIdle(fn);
        applyConfiguration(fn, in);
        fn.lastUpdateStatus = "InProgress";
        fn.readsUntilSettled = settleAfterReads;
        touch(fn);
        return ok(configuration(fn));
    }

    private AwsResponse addPermission(FunctionState fn, JsonNode in) {
        String sid = in.path("StatementId").asText();
        if (fn.statements.containsKey(sid)) {
            throw new AwsError("ResourceConflictException",
                    "The statement id (" + sid + ") provided already exists. Please provide a new statement id,"
                            + " or remove the existing statement.", 409);
        }
        ObjectNode st = JSON.createObjectNode();
        st.put("Sid", sid);
        st.put("Effect", "Allow");
        String principal = in.path("Principal").asText();
        if (principal.equals("*")) {
            st.put("Principal", "*");
        } else if (principal.matches("\\d{12}")) {
            st.putObject("Principal").put("AWS", "arn:aws:iam::" + principal + ":root");
        } else if (principal.startsWith("arn:")) {
            st.putObject("Principal").put("AWS", principal);
        } else {
            st.putObject("Principal").put("Service", principal);
        }
        st.put("Action", in.path("Action").asText());
        st.put("Resource", fn.arn);
        ObjectNode condition = JSON.createObjectNode();
        if (in.hasNonNull("SourceAccount")) {
            condition.putObject("StringEquals").put("AWS:SourceAccount", in.path("SourceAccount").asText());
        }
        if (in.hasNonNull("SourceArn")) {
            condition.putObject("ArnLike").put("AWS:SourceArn", in.path("SourceArn").asText());
        }
        if (!condition.isEmpty()) {
            st.set("Condition", condition);
        }
        synchronized (fn) {
            fn.statements.put(sid, st);
        }
        fn.policyRevisionId = UUID.randomUUID().toString();
        return new AwsResponse(201, "application/json",
                bytes(JSON.createObjectNode().put("Statement", st.toString())));
    }

    private AwsResponse getPolicy(FunctionState fn) {
        if (fn.statements.isEmpty()) {
            throw new AwsError("ResourceNotFoundException", "The resource you requested does not exist.", 404);
        }
        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2012-10-17");
        policy.put("Id", "default");
        ArrayNode statements = policy.putArray("Statement");
        fn.policyStatements().values().forEach(statements::add);
        return ok(JSON.createObjectNode().put("Policy", policy.toString()).put("RevisionId", fn.policyRevisionId));
    }

    private AwsResponse removePermission(FunctionState fn, String sid) {
        synchronized (fn) {
            if (fn.statements.remove(sid) == null) {
                throw new AwsError("ResourceNotFoundException",
                        "Statement " + sid + " is not found in resource policy.", 404);
            }
        }
        fn.policyRevisionId = UUID.randomUUID().toString();
        return AwsResponse.empty(204);
    }

    private AwsResponse putEventInvokeConfig(FunctionState fn, JsonNode in, boolean merge) {
        ObjectNode cfg = merge && fn.eventInvokeConfig != null ? fn.eventInvokeConfig : JSON.createObjectNode();
        for (String field : List.of("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig")) {
            if (in.has(field)) {
                cfg.set(field, in.get(field));
            }
        }
        cfg.put("FunctionArn", fn.arn + ":$LATEST");
        cfg.put("LastModified", System.currentTimeMillis() / 1000.0);
        fn.eventInvokeConfig = cfg;
        return ok(cfg);
    }

    private AwsResponse getEventInvokeConfig(FunctionState fn) {
        if (fn.eventInvokeConfig == null) {
            throw new AwsError("ResourceNotFoundException",
                    "The function " + fn.arn + " doesn't have an EventInvokeConfig", 404);
        }
        return ok(fn.eventInvokeConfig);
    }

    private AwsResponse invoke(AwsRequest r, String nameOrArn) {
        FunctionState fn;
        synchronized (this) {
            fn = find(nameOrArn, r.region);
        }
        if (!fn.state().equals("Active")) {
            throw new AwsError("ResourceConflictException", "The operation cannot be performed at this time."
                    + " The function is currently in the following state: " + fn.state(), 409);
        }
        String type = r.header("X-Amz-Invocation-Type");
        if ("DryRun".equals(type)) {
            return AwsResponse.empty(204);
        }
        Invocation result = run(fn, r.body, "invoke");
        if ("Event".equals(type)) {
            return AwsResponse.empty(202);
        }
        if (result.failed()) {
            ObjectNode err = JSON.createObjectNode().put("errorMessage", result.error()).put("errorType", "Unhandled");
            return ok(err).header("X-Amz-Function-Error", "Unhandled").header("X-Amz-Executed-Version", "$LATEST");
        }
        byte[] payload = result.result() == null ? "null".getBytes(StandardCharsets.UTF_8) : result.result();
        return new AwsResponse(200, "application/json", payload).header("X-Amz-Executed-Version", "$LATEST");
    }

    /** Runs the invoker and records the invocation; never throws. Used by SNS deliveries too. */
    Invocation run(FunctionState fn, byte[] event, String source) {
        Invocation invocation;
        try {
            invocation = new Invocation(source, event, invoker.invoke(fn, event), null);
        } catch (Exception | AssertionError e) {
            invocation = new Invocation(source, event, null, String.valueOf(e));
        }
        fn.addInvocation(invocation);
        return invocation;
    }

    // ---- helpers -------------------------------------------------------------------------

    private void applyConfiguration(FunctionState fn, JsonNode in) {
        if (in.has("Runtime")) fn.runtime = in.get("Runtime").asText();
        if (in.has("Handler")) fn.handler = in.get("Handler").asText();
        if (in.has("Role")) fn.role = in.get("Role").asText();
        if (in.has("Description")) fn.description = in.get("Description").asText();
        if (in.has("MemorySize")) fn.memorySize = in.get("MemorySize").asInt();
        if (in.has("Timeout")) fn.timeout = in.get("Timeout").asInt();
        synchronized (fn) {
            if (in.has("Environment")) {
                fn.environment.clear();
                in.path("Environment").path("Variables").fields()
                        .forEachRemaining(e -> fn.environment.put(e.getKey(), e.getValue().asText()));
            }
            if (in.has("VpcConfig")) {
                fn.subnetIds.clear();
                fn.securityGroupIds.clear();
                in.path("VpcConfig").path("SubnetIds").forEach(n -> fn.subnetIds.add(n.asText()));
                in.path("VpcConfig").path("SecurityGroupIds").forEach(n -> fn.securityGroupIds.add(n.asText()));
                fn.vpcId = fn.subnetIds.isEmpty() ? "" : ec2.vpcOfSubnet(fn.subnetIds.get(0));
                ec2.ensureLambdaEnis(fn.name, fn.subnetIds, fn.securityGroupIds);
            }
        }
    }

    private static void setCode(FunctionState fn, byte[] zip) {
        fn.code = zip;
        try {
            fn.codeSha256 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(zip));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void touch(FunctionState fn) {
        fn.revisionId = UUID.randomUUID().toString();
        fn.lastModified = ZonedDateTime.now(ZoneOffset.UTC).format(LAST_MODIFIED);
        fn.readsUntilSettled = settleAfterReads;
    }

    /** A Get call: settles Pending/InProgress once enough reads have seen it unsettled. */
    private static FunctionState read(FunctionState fn) {
        if (fn.readsUntilSettled-- <= 0) {
            if (fn.state.equals("Pending")) fn.state = "Active";
            if (fn.lastUpdateStatus.equals("InProgress")) fn.lastUpdateStatus = "Successful";
        }
        return fn;
    }

    private static void requireIdle(FunctionState fn) {
        if (fn.state.equals("Pending") || fn.lastUpdateStatus.equals("InProgress")) {
            throw new AwsError("ResourceConflictException",
                    "The operation cannot be performed at this time. An update is in progress for resource: "
                            + fn.arn, 409);
        }
    }

    private ObjectNode configuration(FunctionState fn) {
        ObjectNode c = JSON.createObjectNode();
        c.put("FunctionName", fn.name);
        c.put("FunctionArn", fn.arn);
        c.put("Runtime", fn.runtime);
        c.put("Role", fn.role);
        c.put("Handler", fn.handler);
        c.put("CodeSize", fn.code.length);
        c.put("Description", fn.description);
        c.put("Timeout", fn.timeout);
        c.put("MemorySize", fn.memorySize);
        c.put("LastModified", fn.lastModified);
        c.put("CodeSha256", fn.codeSha256);
        c.put("Version", "$LATEST");
        if (!fn.subnetIds.isEmpty() || !fn.securityGroupIds.isEmpty()) {
            ObjectNode vpc = c.putObject("VpcConfig");
            ArrayNode subnets = vpc.putArray("SubnetIds");
            fn.subnetIds().forEach(subnets::add);
            ArrayNode groups = vpc.putArray("SecurityGroupIds");
            fn.securityGroupIds().forEach(groups::add);
            vpc.put("VpcId", fn.vpcId);
        }
        if (!fn.environment.isEmpty()) {
            ObjectNode vars = c.putObject("Environment").putObject("Variables");
            fn.environment().forEach(vars::put);
        }
        c.putObject("TracingConfig").put("Mode", "PassThrough");
        c.put("RevisionId", fn.revisionId);
        c.put("State", fn.state);
        if (fn.state.equals("Pending")) {
            c.put("StateReason", "The function is being created.");
            c.put("StateReasonCode", "Creating");
        }
        c.put("LastUpdateStatus", fn.lastUpdateStatus);
        if (fn.lastUpdateStatus.equals("InProgress")) {
            boolean creating = fn.state.equals("Pending");
            c.put("LastUpdateStatusReason", creating ? "The function is being created." : "The function is being updated.");
            c.put("LastUpdateStatusReasonCode", creating ? "Creating" : "Updating");
        }
        c.put("PackageType", "Zip");
        c.putArray("Architectures").add("x86_64");
        c.putObject("EphemeralStorage").put("Size", 512);
        return c;
    }

    private FunctionState find(String nameOrArn, String region) {
        FunctionState fn = functions.get(nameOf(nameOrArn));
        if (fn == null) {
            String arn = nameOrArn.startsWith("arn:") ? nameOrArn
                    : "arn:aws:lambda:" + region + ":" + AwsLocal.ACCOUNT + ":function:" + nameOf(nameOrArn);
            throw new AwsError("ResourceNotFoundException", "Function not found: " + arn, 404);
        }
        return fn;
    }

    /** {@code name}, {@code arn:aws:lambda:r:acct:function:name[:qualifier]} or {@code acct:function:name}. */
    static String nameOf(String nameOrArn) {
        int i = nameOrArn.indexOf(":function:");
        if (i < 0) {
            return nameOrArn;
        }
        String rest = nameOrArn.substring(i + ":function:".length());
        int q = rest.indexOf(':');
        return q < 0 ? rest : rest.substring(0, q);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AwsError("InvalidRequestContentException", "Could not parse request body into json", 400);
        }
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static AwsResponse ok(JsonNode node) {
        return new AwsResponse(200, "application/json", bytes(node));
    }
}
