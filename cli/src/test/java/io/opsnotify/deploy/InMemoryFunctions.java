package io.opsnotify.deploy;

import io.opsnotify.cloud.CloudException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * {@link Functions} in memory, as Lambda behaves: a new function is Pending until it is awaited,
 * an update conflicts while the previous one is in progress, a second create or a second
 * statement with the same id conflicts, reads of what does not exist are empty (concurrency of a
 * missing function: NOT_FOUND). Every mutating call is appended to {@code log} as
 * {@code lambda:Action}; {@link #faults} answers injected errors.
 */
final class InMemoryFunctions implements Functions {
    static final String ARN_PREFIX = "arn:aws:lambda:ap-northeast-1:123456789012:function:";

    private static final class Fn {
        final String arn;
        Settings settings;
        byte[] zip;
        final Map<String, String> tags = new TreeMap<>();
        boolean pending = true;
        boolean updating;
        Integer reserved;
        final Map<String, Permission> permissions = new LinkedHashMap<>();
        InvokeConfig invokeConfig;

        Fn(String arn) {
            this.arn = arn;
        }
    }

    final CloudFaults faults = new CloudFaults();
    private final Map<String, Fn> functions = new LinkedHashMap<>();
    private final List<String> log;

    InMemoryFunctions(List<String> log) {
        this.log = log;
    }

    InMemoryFunctions() {
        this(new ArrayList<>());
    }

    /** The zip last uploaded, for assertions. */
    synchronized byte[] code(String name) {
        return require(name).zip.clone();
    }

    /** Whether the function is Active and no update is in progress. */
    synchronized boolean settled(String name) {
        Fn fn = require(name);
        return !fn.pending && !fn.updating;
    }

    /** Removes a tag behind deploy's back (someone else's change). */
    synchronized void untag(String name, String key) {
        require(name).tags.remove(key);
    }

    @Override
    public synchronized Optional<Deployed> find(String name) {
        faults.check("GetFunction");
        Fn fn = functions.get(name);
        return fn == null ? Optional.empty()
                : Optional.of(new Deployed(fn.arn, fn.settings, DeploymentPackage.sha256Base64(fn.zip), fn.tags));
    }

    @Override
    public synchronized OptionalInt reservedConcurrency(String name) {
        faults.check("GetFunctionConcurrency");
        Integer r = require(name).reserved;
        return r == null ? OptionalInt.empty() : OptionalInt.of(r);
    }

    @Override
    public synchronized List<Permission> permissions(String name) {
        faults.check("GetPolicy");
        Fn fn = functions.get(name);
        return fn == null ? List.of() : List.copyOf(fn.permissions.values());
    }

    @Override
    public synchronized Optional<InvokeConfig> eventInvokeConfig(String name) {
        faults.check("GetFunctionEventInvokeConfig");
        Fn fn = functions.get(name);
        return fn == null ? Optional.empty() : Optional.ofNullable(fn.invokeConfig);
    }

    @Override
    public synchronized String create(String name, Settings settings, byte[] zip, Map<String, String> tags,
                                      String description) {
        mutate("CreateFunction");
        if (functions.containsKey(name)) {
            throw conflict("Function already exist: " + name);
        }
        Fn fn = new Fn(ARN_PREFIX + name);
        fn.settings = settings;
        fn.zip = zip.clone();
        fn.tags.putAll(tags);
        functions.put(name, fn);
        return fn.arn;
    }

    @Override
    public synchronized void awaitActive(String name) {
        faults.check("WaitFunctionActive");
        require(name).pending = false;
    }

    @Override
    public synchronized void updateCode(String name, byte[] zip) {
        mutate("UpdateFunctionCode");
        Fn fn = requireIdle(name);
        fn.zip = zip.clone();
        fn.updating = true;
    }

    @Override
    public synchronized void updateConfiguration(String name, Settings settings) {
        mutate("UpdateFunctionConfiguration");
        Fn fn = requireIdle(name);
        fn.settings = settings;
        fn.updating = true;
    }

    @Override
    public synchronized void awaitUpdated(String name) {
        faults.check("WaitFunctionUpdated");
        require(name).updating = false;
    }

    @Override
    public synchronized void tag(String arn, Map<String, String> tags) {
        mutate("TagResource");
        Fn fn = functions.values().stream().filter(f -> f.arn.equals(arn)).findFirst()
                .orElseThrow(() -> notFound("Function not found: " + arn));
        fn.tags.putAll(tags);
    }

    @Override
    public synchronized void putReservedConcurrency(String name, int reserved) {
        mutate("PutFunctionConcurrency");
        require(name).reserved = reserved;
    }

    @Override
    public synchronized void addPermission(String name, Permission permission) {
        mutate("AddPermission");
        Fn fn = require(name);
        if (fn.permissions.containsKey(permission.statementId())) {
            throw conflict("The statement id (" + permission.statementId() + ") provided already exists.");
        }
        fn.permissions.put(permission.statementId(), permission);
    }

    @Override
    public synchronized void putEventInvokeConfig(String name, InvokeConfig config) {
        mutate("PutFunctionEventInvokeConfig");
        require(name).invokeConfig = config;
    }

    private void mutate(String action) {
        log.add("lambda:" + action);
        faults.check(action);
    }

    private Fn require(String name) {
        Fn fn = functions.get(name);
        if (fn == null) {
            throw notFound("Function not found: " + ARN_PREFIX + name);
        }
        return fn;
    }

    private Fn requireIdle(String name) {
        Fn fn = require(name);
        if (fn.pending || fn.updating) {
            throw conflict("The operation cannot be performed at this time. An update is in progress for resource: " + fn.arn);
        }
        return fn;
    }

    static CloudException notFound(String message) {
        return CloudFaults.aws(CloudException.Kind.NOT_FOUND, "ResourceNotFoundException", "Lambda", message);
    }

    private static CloudException conflict(String message) {
        return CloudFaults.aws(CloudException.Kind.FAILED, "ResourceConflictException", "Lambda", message);
    }
}
