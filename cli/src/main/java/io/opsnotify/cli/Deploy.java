package io.opsnotify.cli;

import io.opsnotify.aws.AwsClients;
import io.opsnotify.aws.Ec2Network;
import io.opsnotify.aws.LambdaFunctions;
import io.opsnotify.aws.SnsTopics;
import io.opsnotify.deploy.DeployApplier;
import io.opsnotify.deploy.DeployConfig;
import io.opsnotify.deploy.DeployConfigLoader;
import io.opsnotify.deploy.DeployPlanner;
import io.opsnotify.deploy.DeploymentPackage;
import io.opsnotify.deploy.Functions;
import io.opsnotify.deploy.Plan;
import io.opsnotify.deploy.PlanReport;
import io.opsnotify.deploy.Topics;
import io.opsnotify.notifier.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
final class Deploy extends AwsCommand {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = ConfigLoader.DEFAULT_FILE,
            description = "Config file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Mixin
    ApplyOptions apply;

    Deploy(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        DeployConfig cfg = new DeployConfigLoader(context.env()).load(config);
        DeploymentPackage pkg = DeploymentPackage.build(cfg.packagedConfig());
        try (AwsClients aws = aws()) {
            String where = aws.settings().describe();
            Functions functions = new LambdaFunctions(aws);
            Topics topics = new SnsTopics(aws);
            Plan plan = new DeployPlanner(functions, topics, new Ec2Network(aws)).plan(cfg, pkg);
            if (!output.json()) {
                PlanReport.lines(cfg, plan, where).forEach(out::println);
                out.flush();
            }
            if (!plan.hasChanges() || apply.dryRun) {
                if (output.json()) {
                    printJson(PlanReport.json(json, cfg, plan, where, apply.dryRun, null));
                } else if (apply.dryRun && plan.hasChanges()) {
                    out.println("Dry run: nothing was changed.");
                }
                return ExitCodes.OK;
            }
            if (!apply.confirmed(context, "Apply this plan?", out, () -> { })) {
                return ExitCodes.WARNING;
            }
            DeployApplier.Result r = new DeployApplier(functions, topics).apply(cfg, pkg, plan, line -> {
                if (!output.json()) {
                    out.println(line);
                    out.flush();
                }
            });
            if (output.json()) {
                printJson(PlanReport.json(json, cfg, plan, where, false, r));
            } else if (r.ok()) {
                out.println("Deployed: " + r.done().size() + " step(s) applied. Function " + r.functionArn()
                        + ", topic " + r.topicArn() + ".");
                out.println("Try it: opsnotify test-event --id <an id> --type <an event type>");
            } else {
                printFailure(r);
            }
            return r.ok() ? ExitCodes.OK : ExitCodes.UNKNOWN;
        }
    }

    private void printJson(Object document) throws IOException {
        out().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(document));
    }

    private void printFailure(DeployApplier.Result r) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("opsnotify: deploy failed at step '" + r.failedStep() + "': " + r.error());
        err.println("  done: " + (r.done().isEmpty() ? "nothing" : String.join("; ", r.done())));
        err.println("  not done: " + String.join("; ", Stream.concat(Stream.of(r.failedStep()), r.notDone().stream()).toList()));
        err.println("  Fix the cause and run deploy again: it plans only what is left.");
    }
}
