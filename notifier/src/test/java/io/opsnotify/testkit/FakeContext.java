package io.opsnotify.testkit;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * Lambda's Context, which only the Lambda runtime provides: the remaining time counts down from
 * a budget like the real one. The only fake in the handler tests (the runtime cannot run here).
 */
public final class FakeContext implements Context {
    private final long deadlineNanos;

    public FakeContext(long remainingMillis) {
        this.deadlineNanos = System.nanoTime() + remainingMillis * 1_000_000L;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000L);
    }

    @Override
    public String getAwsRequestId() {
        return "00000000-0000-0000-0000-000000000000";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/opsnotify-notifier";
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return "opsnotify-notifier";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:ap-northeast-1:123456789012:function:opsnotify-notifier";
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
        return 512;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.write(message, 0, message.length);
            }
        };
    }
}
