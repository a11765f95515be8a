package io.opsnotify.notifier;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Lambda invocation as one process: {@code java -cp opsnotify-notifier.jar
 * io.opsnotify.notifier.LocalLambda event.json}.
 *
 * <p>Does what the Lambda runtime does on a cold start, and nothing more: constructs
 * {@link NotifierHandler} with its no-arg constructor (configuration from the file named by
 * {@code OPSNOTIFY_CONFIG}), calls {@code handleRequest} once with the event file's bytes and a
 * minimal {@link Context} (30 s remaining), prints the handler's output and exits 0, or prints the
 * error and exits 1. It exists so that the cold path (JVM start, parse event, SELECT, render,
 * webhook POST acknowledged) can be measured as a whole process (scripts/bench/run.sh,
 * docs/performance.md) and so that the packaged jar can be smoke-tested without AWS.
 */
public final class LocalLambda {
    private LocalLambda() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java -cp opsnotify-notifier.jar " + LocalLambda.class.getName()
                    + " EVENT.json   (config from $" + Notifiers.CONFIG_ENV + ")");
            System.exit(2);
        }
        int status;
        try {
            byte[] event = Files.readAllBytes(Path.of(args[0]));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new NotifierHandler().handleRequest(new ByteArrayInputStream(event), out, new LocalContext(30_000));
            System.out.println(out.toString(StandardCharsets.UTF_8));
            status = 0;
        } catch (Exception e) {
            System.err.println("invocation failed: " + e);
            status = 1;
        }
        System.out.flush();
        // exit explicitly: a driver's non-daemon thread must not keep the "invocation" alive
        System.exit(status);
    }

    /**
     * The parts of Lambda's context the handler reads (the remaining time, counting down like the
     * real one); the rest answer like a local call. Also the tests' context: the Lambda runtime
     * itself cannot run there.
     */
    public static final class LocalContext implements Context {
        private final long deadlineNanos;

        public LocalContext(long timeoutMs) {
            this.deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000L;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000L);
        }

        @Override
        public String getAwsRequestId() {
            return "local";
        }

        @Override
        public String getLogGroupName() {
            return null;
        }

        @Override
        public String getLogStreamName() {
            return null;
        }

        @Override
        public String getFunctionName() {
            return "opsnotify-local";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return null;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 0;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.err.write(message, 0, message.length);
                }
            };
        }
    }
}
