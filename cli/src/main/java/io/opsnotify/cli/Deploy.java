package io.opsnotify.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.AwsErrors;
import io.opsnotify.aws.AwsSettings;
import io.opsnotify.deploy.DeployApplier;
import io.opsnotify.deploy.DeployConfig;
import io.opsnotify.deploy.DeployConfigLoader;
import io.opsnotify.deploy.DeployPlanner;
import io.opsnotify.deploy.DeploymentPackage;
import io.opsnotify.deploy.Plan;
import io.opsnotify.deploy.PlanReport;
import io.opsnotify.notifier.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code opsnotify deploy}: the notifier in the VPC, wired to SNS, from the config's deploy section. */
@Command(name = "deploy",
        description = {"Deploy the notifier Lambda into the VPC and wire it to its SNS topic, as the config's deploy: "
                + "section says. Shows a plan (what is created, updated, left alone; secrets masked) and asks before "
                + "changing anything. Idempotent: with nothing to change it says so and makes no change.",
            "Touches only what opsnotify owns (tagged " + DeployConfig.OWNER_TAG + "=true)."},
        footerHeading = "%nExamples:%n",
        footer = {"  opsnotify deploy --dry-run                 # the plan only",
            "  opsnotify deploy --yes --region ap-northeast-1",
            "  AWS_PROFILE=prod opsnotify deploy --config prod.yaml"},
        mixinStandardHelpOptions = true)
final class Deploy implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = ConfigLoader.DEFAULT_FILE,
            description = "Config file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Mixin
    ApplyOptions apply;

    @Mixin
    AwsOptions awsOptions;

    @Mixin
    OutputOptions output;

    private final CliContext context;
    private final ObjectMapper json = new ObjectMapper();

    Deploy(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DeployConfig cfg = new DeployConfigLoader(context.env()).load(config);
        DeploymentPackage pkg = DeploymentPackage.build(cfg.packagedConfig());
        AwsSettings settings = awsOptions.settings(context.env());
        try (AwsClients aws = new AwsClients(settings)) {
            Plan plan = new DeployPlanner(aws, json).plan(cfg, pkg);
            if (!output.json()) {
                PlanReport.lines(cfg, plan, settings.describe()).forEach(out::println);
                out.flush();
            }
            if (!plan.hasChanges() || apply.dryRun) {
                if (output.json()) {
                    out.println(json.writerWithDefaultPrettyPrinter()
                            .writeValueAsString(PlanReport.json(json, cfg, plan, settings.describe(), apply.dryRun, null)));
                } else if (apply.dryRun && plan.hasChanges()) {
                    out.println("Dry run: nothing was changed.");
                }
                return ExitCodes.OK;
            }
            if (!apply.confirmed(context, "Apply this plan?", out, () -> { })) {
                return ExitCodes.WARNING;
            }
            DeployApplier.Result r = new DeployApplier(aws).apply(cfg, pkg, plan,
                    line -> {
                        if (!output.json()) {
                            out.println(line);
                            out.flush();
                        }
                    },
                    AwsErrors::describe);
            if (output.json()) {
                out.println(json.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(PlanReport.json(json, cfg, plan, settings.describe(), false, r)));
            } else if (r.ok()) {
                out.println("Deployed: " + r.done().size() + " step(s) applied. Function " + r.functionArn()
                        + ", topic " + r.topicArn() + ".");
                out.println("Try it: opsnotify test-event --id <an id> --type <an event type>");
            } else {
                err.println("opsnotify: deploy failed at step '" + r.failedStep() + "': " + r.error());
                err.println("  done: " + (r.done().isEmpty() ? "nothing" : String.join("; ", r.done())));
                err.println("  not done: " + String.join("; ", java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(r.failedStep()), r.notDone().stream()).toList()));
                err.println("  Fix the cause and run deploy again: it plans only what is left.");
            }
            return r.ok() ? ExitCodes.OK : ExitCodes.UNKNOWN;
        }
    }
}
