package io.opsnotify.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.deploy.Functions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.DestinationConfig;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionEventInvokeConfigResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.VpcConfig;
import software.amazon.awssdk.services.lambda.model.VpcConfigResponse;

/**
 * {@link Functions} on AWS Lambda. Lambda's {@code ResourceNotFoundException} on a read is an
 * empty value; every other failure is a {@link io.opsnotify.cloud.CloudException}
 * ({@link AwsErrors}). The waits are the SDK's waiters; each of their polls is bounded by the
 * command's deadline like any other call ({@link DeadlineInterceptor}), so a function that
 * never settles ends the wait with a timeout when the command's time is up.
 */
public final class LambdaFunctions implements Functions {
    private final LambdaClient lambda;
    private final ObjectMapper json = new ObjectMapper();

    public LambdaFunctions(AwsClients aws) {
        this.lambda = aws.lambda();
    }

    @Override
    public Optional<Deployed> find(String name) {
        return ifExists(() -> lambda.getFunction(r -> r.functionName(name))).map(LambdaFunctions::deployed);
    }

    private static Deployed deployed(GetFunctionResponse fn) {
        FunctionConfiguration c = fn.configuration();
        VpcConfigResponse vpc = c.vpcConfig();
        Map<String, String> env = c.environment() == null || c.environment().variables() == null ? Map.of()
                : c.environment().variables();
        Settings settings = new Settings(c.runtimeAsString(), c.handler(), c.role(), c.memorySize(), c.timeout(),
                vpc == null ? List.of() : vpc.subnetIds(), vpc == null ? List.of() : vpc.securityGroupIds(), env);
        return new Deployed(c.functionArn(), settings, c.codeSha256(), fn.tags() == null ? Map.of() : fn.tags());
    }

    @Override
    public OptionalInt reservedConcurrency(String name) {
        Integer reserved = AwsErrors.call(() -> lambda.getFunctionConcurrency(r -> r.functionName(name)))
                .reservedConcurrentExecutions();
        return reserved == null ? OptionalInt.empty() : OptionalInt.of(reserved);
    }

    /** The policy's statements; a statement that grants something else (a principal list, no condition) has nulls. */
    @Override
    public List<Permission> permissions(String name) {
        Optional<String> policy = ifExists(() -> lambda.getPolicy(r -> r.functionName(name)).policy());
        if (policy.isEmpty()) {
            return List.of();
        }
        List<Permission> out = new ArrayList<>();
        try {
            for (JsonNode st : json.readTree(policy.get()).path("Statement")) {
                out.add(new Permission(text(st.path("Sid")), text(st.path("Principal").path("Service")),
                        text(st.path("Action")), text(st.path("Condition").path("ArnLike").path("AWS:SourceArn"))));
            }
        } catch (IOException e) {
            return List.of(); // not a policy deploy could have written: it grants nothing deploy needs
        }
        return List.copyOf(out);
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    @Override
    public Optional<InvokeConfig> eventInvokeConfig(String name) {
        return ifExists(() -> lambda.getFunctionEventInvokeConfig(r -> r.functionName(name))).map(LambdaFunctions::invokeConfig);
    }

    private static InvokeConfig invokeConfig(GetFunctionEventInvokeConfigResponse c) {
        DestinationConfig d = c.destinationConfig();
        String onFailure = d == null || d.onFailure() == null ? null : d.onFailure().destination();
        return new InvokeConfig(c.maximumRetryAttempts(), c.maximumEventAgeInSeconds(), onFailure);
    }

    @Override
    public String create(String name, Settings s, byte[] zip, Map<String, String> tags, String description) {
        return AwsErrors.call(() -> lambda.createFunction(b -> b.functionName(name)
                .runtime(Runtime.fromValue(s.runtime())).handler(s.handler()).role(s.roleArn())
                .memorySize(s.memoryMb()).timeout(s.timeoutSeconds())
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip)))
                .vpcConfig(vpc(s)).environment(env(s)).tags(tags)
                .description(description))).functionArn();
    }

    @Override
    public void awaitActive(String name) {
        AwsErrors.run(() -> lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName(name)));
    }

    @Override
    public void updateCode(String name, byte[] zip) {
        AwsErrors.run(() -> lambda.updateFunctionCode(b -> b.functionName(name).zipFile(SdkBytes.fromByteArray(zip))));
    }

    @Override
    public void updateConfiguration(String name, Settings s) {
        AwsErrors.run(() -> lambda.updateFunctionConfiguration(b -> b.functionName(name)
                .runtime(Runtime.fromValue(s.runtime())).handler(s.handler()).role(s.roleArn())
                .memorySize(s.memoryMb()).timeout(s.timeoutSeconds()).vpcConfig(vpc(s)).environment(env(s))));
    }

    @Override
    public void awaitUpdated(String name) {
        AwsErrors.run(() -> lambda.waiter().waitUntilFunctionUpdatedV2(b -> b.functionName(name)));
    }

    @Override
    public void tag(String arn, Map<String, String> tags) {
        AwsErrors.run(() -> lambda.tagResource(b -> b.resource(arn).tags(tags)));
    }

    @Override
    public void putReservedConcurrency(String name, int reserved) {
        AwsErrors.run(() -> lambda.putFunctionConcurrency(b -> b.functionName(name).reservedConcurrentExecutions(reserved)));
    }

    @Override
    public void addPermission(String name, Permission p) {
        AwsErrors.run(() -> lambda.addPermission(b -> b.functionName(name).statementId(p.statementId())
                .action(p.action()).principal(p.principalService()).sourceArn(p.sourceArn())));
    }

    @Override
    public void putEventInvokeConfig(String name, InvokeConfig c) {
        AwsErrors.run(() -> lambda.putFunctionEventInvokeConfig(b -> {
            b.functionName(name).maximumRetryAttempts(c.maximumRetryAttempts())
                    .maximumEventAgeInSeconds(c.maximumEventAgeSeconds());
            if (c.onFailureDestination() != null) {
                b.destinationConfig(d -> d.onFailure(f -> f.destination(c.onFailureDestination())));
            }
        }));
    }

    /** The result, or empty when Lambda answers ResourceNotFoundException. */
    private static <T> Optional<T> ifExists(Supplier<T> read) {
        return AwsErrors.call(() -> {
            try {
                return Optional.of(read.get());
            } catch (ResourceNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    private static VpcConfig vpc(Settings s) {
        return VpcConfig.builder().subnetIds(s.subnetIds()).securityGroupIds(s.securityGroupIds()).build();
    }

    private static Environment env(Settings s) {
        return Environment.builder().variables(s.environment()).build();
    }
}
