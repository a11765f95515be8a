package io.opsnotify.awslocal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A local, stateful AWS endpoint for tests: one HTTP server on 127.0.0.1 (ephemeral port) that
 * answers the real AWS SDK for Java v2 clients for the subset of SNS, Lambda and EC2 that
 * opsnotify uses, speaking each service's real wire protocol.
 *
 * <p><b>Dispatch.</b> The SDK signs every request with SigV4; the credential scope
 * ({@code Credential=AKID/20261130/ap-northeast-1/sns/aws4_request}) names the service and
 * the region. Signatures are not verified; any credentials are accepted. Without an
 * {@code Authorization} header the request shape decides: a path under
 * {@code /20xx-xx-xx/} is Lambda, a form post with {@code Version=2010-03-31} is SNS,
 * {@code Version=2016-11-15} is EC2.
 *
 * <p><b>Protocols</b> (as observed from SDK 2.57.8, see {@code AwsLocalTest}): SNS is the AWS
 * query protocol (form post {@code Action=...&Version=2010-03-31}, XML answers); Lambda is
 * REST-JSON; EC2 is the EC2 query protocol. None of the three uses AWS JSON 1.0 or RPCv2 CBOR.
 *
 * <p><b>Test API.</b> Seed and inspect state through {@link #sns()}, {@link #lambda()},
 * {@link #ec2()}; read the call log through {@link #calls()} / {@link #mutatingCalls()};
 * inject errors with {@link #failNext}, a peer that never answers with {@link #hangNext}. Not modeled: signature checks, IAM, eventual
 * consistency beyond Lambda's Pending/InProgress states, anything outside the listed actions.
 */
public final class AwsLocal implements AutoCloseable {
    /** The account every ARN is in. */
    public static final String ACCOUNT = "123456789012";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Ec2Local ec2 = new Ec2Local();
    private final LambdaLocal lambda = new LambdaLocal(ec2);
    private final SnsLocal sns = new SnsLocal(lambda);
    private final Map<String, LocalService> services = new LinkedHashMap<>();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private volatile Consumer<String> wireLog = line -> { };

    static {
        // the JDK server writes headers and body separately; without TCP_NODELAY each answer
        // waits out a delayed ACK (~40 ms), which made a 150-request test take 7 s
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private AwsLocal() throws IOException {
        for (LocalService s : List.of(sns, lambda, ec2)) {
            services.put(s.name(), s);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "aws-local");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
    }

    /** Starts a server on 127.0.0.1 and an ephemeral port. */
    public static AwsLocal start() {
        try {
            AwsLocal local = new AwsLocal();
            local.server.start();
            return local;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local AWS endpoint", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, for {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public SnsLocal sns() {
        return sns;
    }

    public LambdaLocal lambda() {
        return lambda;
    }

    public Ec2Local ec2() {
        return ec2;
    }

    /** Receives one line per request and response (method, path, headers, body) for debugging. */
    public void wireLog(Consumer<String> log) {
        this.wireLog = log;
    }

    /** Every request received so far, in order, including those answered with an injected fault. */
    public synchronized List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    /** Calls whose action is not Describe*, Get* or List*. */
    public synchronized List<RecordedCall> mutatingCalls() {
        return calls.stream().filter(RecordedCall::mutating).toList();
    }

    /** Calls of one service and action. */
    public synchronized List<RecordedCall> calls(String service, String action) {
        return calls.stream().filter(c -> c.service().equals(service) && c.action().equals(action)).toList();
    }

    public synchronized void clearCalls() {
        calls.clear();
    }

    /**
     * The next {@code times} calls of {@code service}/{@code action} (e.g. {@code "ec2"},
     * {@code "DescribeSubnets"}) are answered with this error code and HTTP status in the
     * service's error shape, before any state changes. Use {@link Integer#MAX_VALUE} to fail for good.
     */
    public synchronized void failNext(String service, String action, String errorCode, int httpStatus, int times) {
        faults.add(new Fault(service, action, errorCode, httpStatus, times));
    }

    /** Like {@link #failNext} with no end: for partial-failure tests (e.g. AccessDenied). */
    public void failAlways(String service, String action, String errorCode, int httpStatus) {
        failNext(service, action, errorCode, httpStatus, Integer.MAX_VALUE);
    }

    /**
     * The next {@code times} calls of {@code service}/{@code action} are accepted, read and
     * recorded, and never answered: the connection stays open with no response until this
     * endpoint is closed (at most {@link #HANG_LIMIT}), as a hung peer or a black-holing
     * middlebox does. Use {@link Integer#MAX_VALUE} to hang for good.
     */
    public synchronized void hangNext(String service, String action, int times) {
        faults.add(new Fault(service, action, null, HANG, times));
    }

    /** Every call, of any service and action, is accepted and never answered (see {@link #hangNext}). */
    public void hangEverything() {
        hangNext("*", "*", Integer.MAX_VALUE);
    }

    /** How long a hung call is held at most, so that a test that forgets to close cannot hang the build. */
    public static final Duration HANG_LIMIT = Duration.ofMinutes(5);
    private static final int HANG = -1;
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void exchange(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        AwsRequest request = new AwsRequest(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(), body, "us-east-1");
        wireLog.accept("> " + request.method + " " + ex.getRequestURI() + " " + headers(request)
                + " " + request.bodyText());
        AwsResponse response;
        LocalService service = serviceFor(request);
        if (service == null) {
            response = AwsResponse.json(400, "{\"message\":\"aws-local: no service for this request\"}");
            record(new RecordedCall("unknown", "unknown", request.query, request.bodyText(), 400, headers(request)));
        } else {
            String action = "unknown";
            try {
                action = service.action(request);
                Fault fault = takeFault(service.name(), action);
                if (fault != null && fault.status == HANG) {
                    record(new RecordedCall(service.name(), action,
                            Collections.unmodifiableMap(new LinkedHashMap<>(service.params(request))),
                            request.bodyText(), 0, headers(request)));
                    wireLog.accept("< (no answer: hung)");
                    hang(ex);
                    return;
                }
                response = fault != null
                        ? service.error(request, new AwsError(fault.code, "Injected fault: " + fault.code, fault.status))
                        : service.handle(request, action);
            } catch (AwsError e) {
                response = service.error(request, e);
            } catch (RuntimeException e) {
                response = service.error(request, new AwsError("InternalFailure",
                        "aws-local: " + e, 500));
            }
            record(new RecordedCall(service.name(), action,
                    Collections.unmodifiableMap(new LinkedHashMap<>(service.params(request))), request.bodyText(),
                    response.status, headers(request)));
        }
        wireLog.accept("< " + response.status + " " + new String(response.body, StandardCharsets.UTF_8));
        if (response.contentType != null) {
            ex.getResponseHeaders().set("Content-Type", response.contentType);
        }
        response.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        boolean noBody = response.body.length == 0;
        ex.sendResponseHeaders(response.status, noBody ? -1 : response.body.length);
        if (!noBody) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(response.body);
            }
        }
        ex.close();
    }

    private void hang(HttpExchange ex) {
        try {
            closed.await(HANG_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ex.close();
    }

    private LocalService serviceFor(AwsRequest r) {
        if (r.scopeService != null) {
            return services.get(r.scopeService);
        }
        if (r.rawPath.matches("/20\\d\\d-\\d\\d-\\d\\d/.*")) {
            return lambda;
        }
        String version = r.form.get("Version");
        if ("2010-03-31".equals(version)) {
            return sns;
        }
        if ("2016-11-15".equals(version)) {
            return ec2;
        }
        return null;
    }

    private static Map<String, String> headers(AwsRequest r) {
        Map<String, String> out = new LinkedHashMap<>();
        r.headers.forEach((k, v) -> {
            if (k != null && !v.isEmpty()) {
                out.put(k.toLowerCase(Locale.ROOT), v.get(0));
            }
        });
        return out;
    }

    private synchronized void record(RecordedCall call) {
        calls.add(call);
    }

    private synchronized Fault takeFault(String service, String action) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if ((f.service.equals(service) || f.service.equals("*")) && (f.action.equals(action) || f.action.equals("*"))) {
                if (f.remaining != Integer.MAX_VALUE && --f.remaining == 0) {
                    it.remove();
                }
                return f;
            }
        }
        return null;
    }

    private static final class Fault {
        final String service;
        final String action;
        final String code;
        final int status;
        int remaining;

        Fault(String service, String action, String code, int status, int remaining) {
            this.service = service;
            this.action = action;
            this.code = code;
            this.status = status;
            this.remaining = remaining;
        }
    }
}
