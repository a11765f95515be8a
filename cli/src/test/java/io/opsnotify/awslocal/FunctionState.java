package io.opsnotify.awslocal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Lambda function as the local endpoint stores it (version {@code $LATEST} only; no aliases,
 * layers or published versions). Fields are read by tests; the endpoint mutates them.
 */
public final class FunctionState {
    final String name;
    final String arn;
    final String region;
    String runtime;
    String handler;
    String role;
    String description = "";
    int memorySize = 128;
    int timeout = 3;
    final Map<String, String> environment = new LinkedHashMap<>();
    final List<String> subnetIds = new ArrayList<>();
    final List<String> securityGroupIds = new ArrayList<>();
    String vpcId = "";
    final Map<String, String> tags = new LinkedHashMap<>();
    byte[] code = new byte[0];
    String codeSha256;
    String state = "Pending";
    String lastUpdateStatus = "InProgress";
    int readsUntilSettled;
    String revisionId;
    String lastModified;
    /** Resource policy statements by Sid, in insertion order. */
    final Map<String, ObjectNode> statements = new LinkedHashMap<>();
    String policyRevisionId;
    /** The stored EventInvokeConfig (MaximumRetryAttempts, MaximumEventAgeInSeconds, DestinationConfig), or null. */
    ObjectNode eventInvokeConfig;
    Integer reservedConcurrency;
    final List<Invocation> invocations = new ArrayList<>();

    FunctionState(String name, String region) {
        this.name = name;
        this.region = region;
        this.arn = "arn:aws:lambda:" + region + ":" + AwsLocal.ACCOUNT + ":function:" + name;
    }

    public String name() { return name; }
    public String arn() { return arn; }
    public String runtime() { return runtime; }
    public String handler() { return handler; }
    public String role() { return role; }
    public int memorySize() { return memorySize; }
    public int timeout() { return timeout; }
    public String description() { return description; }
    public synchronized Map<String, String> environment() { return Map.copyOf(environment); }
    public synchronized List<String> subnetIds() { return List.copyOf(subnetIds); }
    public synchronized List<String> securityGroupIds() { return List.copyOf(securityGroupIds); }
    public String vpcId() { return vpcId; }
    public synchronized Map<String, String> tags() { return Map.copyOf(tags); }
    public byte[] code() { return code.clone(); }
    public String codeSha256() { return codeSha256; }
    public String state() { return state; }
    public String lastUpdateStatus() { return lastUpdateStatus; }
    public Integer reservedConcurrency() { return reservedConcurrency; }
    public synchronized Map<String, ObjectNode> policyStatements() { return Map.copyOf(statements); }
    public ObjectNode eventInvokeConfig() { return eventInvokeConfig == null ? null : eventInvokeConfig.deepCopy(); }
    public synchronized List<Invocation> invocations() { return List.copyOf(invocations); }

    synchronized void addInvocation(Invocation invocation) {
        invocations.add(invocation);
    }
}
