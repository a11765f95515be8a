package io.opsnotify.cli;

import io.opsnotify.aws.AwsInput;
import io.opsnotify.aws.AwsSettings;
import io.opsnotify.aws.AwsTimeouts;
import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.aws.InvalidAwsInputException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The AWS CLI's connection options, with the AWS CLI's environment defaults, and the time limit
 * of an AWS command. {@link #settings} is what every AWS command calls before its first AWS call:
 * it checks the shape of these options and of the AWS ids and ARNs the command took
 * ({@link #AWS_VALUES}, whichever command declares them), so that invalid input is exit 2 before
 * any network call.
 */
public final class AwsOptions {
    /** The options of AWS commands that take AWS ids or ARNs, and the shape each must have. */
    static final Map<String, BiConsumer<String, String>> AWS_VALUES = Map.of(
            "--subnet-ids", (v, o) -> AwsInput.resourceId(v, "subnet", o),
            "--security-group-ids", (v, o) -> AwsInput.resourceId(v, "sg", o),
            "--route-table-ids", (v, o) -> AwsInput.resourceId(v, "rtb", o),
            "--nat-gateway-id", (v, o) -> AwsInput.resourceId(v, "nat", o),
            "--vpc-endpoint-id", (v, o) -> AwsInput.resourceId(v, "vpce", o),
            "--topic-arn", AwsInput::topicArn,
            "--principal-arn", AwsInput::principalArn,
            "--function", AwsInput::function);

    /** The command's start: the deadline counts from here (picocli builds the command as the run starts). */
    private final long startedNanos = System.nanoTime();

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--profile", paramLabel = "NAME", description = "AWS profile (default: $AWS_PROFILE).")
    String profile;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (default: $AWS_REGION, then $AWS_DEFAULT_REGION).")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send every AWS call to this endpoint, e.g. a local stand-in (default: $AWS_ENDPOINT_URL).")
    String endpointUrl;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS",
            description = "Give up after SECONDS for the whole command and exit 3 (UNKNOWN) with one line saying what "
                    + "it waited for (default: 30, deploy: 300). Each AWS call gets at most 20 s and each attempt 10 s "
                    + "(deploy: 120 s and 60 s), never more than is left.")
    Long timeoutSeconds;

    /**
     * Where and as whom to call AWS, for how long; every AWS value the command took checked.
     *
     * @throws ParameterException (exit 2) for any value that cannot be right, before any call
     */
    public AwsSettings settings(Map<String, String> env) {
        return settings(env, true);
    }

    /**
     * {@link #settings(Map)}; with {@code regionRequired} false (a command that makes no AWS call)
     * a missing region is allowed ({@code region()} null), a given one is still checked.
     */
    public AwsSettings settings(Map<String, String> env, boolean regionRequired) {
        try {
            AwsTimeouts base = command != null && "deploy".equals(command.name()) ? AwsTimeouts.DEPLOY : AwsTimeouts.STANDARD;
            AwsTimeouts timeouts = timeoutSeconds == null ? base : base.withCommand(timeoutSeconds);
            checkAwsValues();
            AwsSettings s = AwsSettings.resolve(profile, region, endpointUrl, env, timeouts,
                    Deadline.startedAt(timeouts.command(), startedNanos));
            if (s.region() == null && regionRequired) {
                throw usage("no AWS region: give --region or set AWS_REGION");
            }
            return s;
        } catch (InvalidAwsInputException e) {
            throw usage(e.getMessage());
        }
    }

    private RuntimeException usage(String message) {
        return command == null ? new IllegalArgumentException(message) : new ParameterException(command.commandLine(), message);
    }

    private void checkAwsValues() {
        if (command == null) {
            return;
        }
        AWS_VALUES.forEach((name, check) -> {
            OptionSpec o = command.findOption(name);
            Object value = o == null ? null : o.getValue();
            Collection<?> values = value instanceof Collection<?> c ? c : value == null ? List.of() : List.of(value);
            for (Object v : values) {
                check.accept(String.valueOf(v), name);
            }
        });
    }
}
