package io.opsnotify.awslocal;

/**
 * Runs a function's code for the endpoint: tests plug in the handler under test (or a fake).
 * Called synchronously by SNS Publish (one record per invocation, like SNS → Lambda) and by
 * Lambda Invoke. A throw is recorded as a failed invocation; it never fails the Publish.
 */
@FunctionalInterface
public interface FunctionInvoker {
    /** Returns the response payload (may be null); the event is the JSON the function receives. */
    byte[] invoke(FunctionState function, byte[] event) throws Exception;
}
