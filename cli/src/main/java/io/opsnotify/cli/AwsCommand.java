package io.opsnotify.cli;

import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.AwsSettings;
import picocli.CommandLine.Mixin;

/**
 * A command that calls AWS: the {@link CliCommand} opening plus the AWS CLI's options
 * ({@link AwsOptions}: region, profile, endpoint, {@code -t/--timeout}) and the clients built
 * from them. The command gives the clients to the SDK adapters of {@code io.opsnotify.aws}
 * and the adapters to the domain; it never calls the SDK itself.
 */
abstract class AwsCommand extends CliCommand {
    @Mixin
    AwsOptions awsOptions;

    protected AwsCommand(CliContext context) {
        super(context);
    }

    /** The AWS clients for this run; invalid AWS options are a usage error (exit 2) before any call. */
    protected final AwsClients aws() {
        return new AwsClients(awsOptions.settings(context.env()));
    }

    /**
     * The AWS settings alone, for a command that may make no AWS call (validate-s3-endpoint
     * --policy-file): with {@code regionRequired} false a missing region is allowed, a given one
     * is still checked.
     */
    protected final AwsSettings awsSettings(boolean regionRequired) {
        return awsOptions.settings(context.env(), regionRequired);
    }
}
