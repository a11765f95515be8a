package io.opsnotify.cli;

import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.Ec2VpcInventory;
import io.opsnotify.input.InputSource;
import io.opsnotify.notifier.config.ConfigLoader;
import io.opsnotify.vpc.CheckSettings;
import io.opsnotify.vpc.SubnetCheck;
import io.opsnotify.vpc.SubnetReport;
import io.opsnotify.vpc.VpcTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opsnotify check-subnets}: a monitoring check that the function's subnets have room for Lambda's ENIs. */
@Command(name = "check-subnets",
        description = {"Check that the notifier's subnets have free addresses for the ENIs Lambda needs. For each subnet: "
                + "AZ, CIDR, free IPs, Lambda ENIs present, ENIs the function would still need, free IPs after that.",
            "Today's model: one ENI per (subnet, security-group set), 0 when a Lambda ENI with the same groups is "
                + "there, plus --headroom per subnet for a replacement. --legacy: the pre-2019 "
                + "ceil(concurrency × memory / 3 GB), spread over the subnets.",
            "A monitoring check: the first line is the summary (OK/WARNING/CRITICAL/UNKNOWN: ...), the exit code "
                + "its state. WARNING/CRITICAL when free IPs after the need fall under --warn-free/--crit-free; "
                + "WARNING when all subnets are in one AZ; CRITICAL when a subnet or security group does not "
                + "exist or the function is not in a VPC; UNKNOWN when an AWS call fails."},
        footerHeading = "%nExamples:%n",
        footer = {"  opsnotify check-subnets --function opsnotify-notifier",
            "  opsnotify check-subnets --config opsnotify.yaml --warn-free 50 --crit-free 10",
            "  opsnotify check-subnets --subnet-ids subnet-0a1b2c3d,subnet-4e5f6a7b \\",
            "      --security-group-ids sg-0123abcd",
            "  opsnotify check-subnets --config opsnotify.yaml --legacy \\",
            "      --concurrency 100 --memory 1536           # the pre-2019 ENI model",
            "  opsnotify check-subnets --function opsnotify-notifier --output json"},
        mixinStandardHelpOptions = true)
final class CheckSubnets extends AwsCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--function", paramLabel = "NAME", description = "A deployed function: its VpcConfig.")
        String function;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "A config file: deploy.subnetIds and deploy.securityGroupIds (e.g. "
                        + ConfigLoader.DEFAULT_FILE + ").")
        Path config;

        @ArgGroup(exclusive = false)
        Ids ids;
    }

    static final class Ids {
        @Option(names = "--subnet-ids", paramLabel = "ID", split = ",", required = true,
                description = "Subnets, comma-separated.")
        List<String> subnetIds;

        @Option(names = "--security-group-ids", paramLabel = "ID", split = ",",
                description = "The function's security groups, comma-separated (without them every subnet needs a new ENI).")
        List<String> securityGroupIds = List.of();
    }

    @Option(names = "--warn-free", paramLabel = "N", defaultValue = "" + CheckSettings.DEFAULT_WARN_FREE,
            description = "WARNING when a subnet has fewer free IPs than this after the need (default: ${DEFAULT-VALUE}).")
    int warnFree;

    @Option(names = "--crit-free", paramLabel = "N", defaultValue = "" + CheckSettings.DEFAULT_CRIT_FREE,
            description = "CRITICAL when fewer than this (default: ${DEFAULT-VALUE}; at most --warn-free).")
    int critFree;

    @Option(names = "--headroom", paramLabel = "N", defaultValue = "" + CheckSettings.DEFAULT_HEADROOM,
            description = "Addresses kept free per subnet for Lambda to replace an ENI (default: ${DEFAULT-VALUE}).")
    int headroom;

    @Option(names = "--legacy", description = "Use the pre-2019 ENI model (needs --concurrency and --memory).")
    boolean legacy;

    @Option(names = "--concurrency", paramLabel = "C", description = "Peak concurrent executions, for --legacy.")
    Integer concurrency;

    @Option(names = "--memory", paramLabel = "MB", description = "Function memory in MB, for --legacy.")
    Integer memory;

    CheckSubnets(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        CheckSettings settings = settings();
        VpcTarget fromConfig = source.config == null ? null : readConfig(source.config);
        SubnetReport report;
        try (AwsClients aws = aws()) {
            SubnetCheck check = new SubnetCheck(new Ec2VpcInventory(aws));
            if (source.function != null) {
                report = check.checkFunction(source.function, settings);
            } else if (fromConfig != null) {
                report = check.check(fromConfig, settings);
            } else {
                report = check.check(VpcTarget.of("--subnet-ids", source.ids.subnetIds, source.ids.securityGroupIds),
                        settings);
            }
        }
        return print(report);
    }

    private CheckSettings settings() {
        if (legacy && (concurrency == null || memory == null)) {
            throw usage("--legacy needs --concurrency C and --memory MB");
        }
        if (!legacy && (concurrency != null || memory != null)) {
            throw usage("--concurrency and --memory are for --legacy only");
        }
        if (legacy && (concurrency < 1 || memory < 128 || memory > 10240)) {
            throw usage("--concurrency must be at least 1 and --memory 128..10240 MB");
        }
        try {
            return new CheckSettings(warnFree, critFree, headroom, legacy ? concurrency : null, legacy ? memory : null);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private VpcTarget readConfig(Path file) throws IOException {
        try {
            return VpcTarget.fromConfig(InputSource.configText("--config", file), file.toString(), context.env());
        } catch (InputSource.UnreadableException e) {
            throw usage(e.getMessage() + (e.missing() ? " (give --config FILE, --function or --subnet-ids)" : ""));
        }
    }
}
