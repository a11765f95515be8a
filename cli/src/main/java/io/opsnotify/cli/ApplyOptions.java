package io.opsnotify.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --dry-run} and {@code --yes} of every mutating command, and the one confirmation rule
 * they share: show the plan, then ask on a terminal; without a terminal refuse unless --yes.
 */
public final class ApplyOptions {
    /** The command this is mixed into, for its usage errors. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Apply without asking (for scripts and cron; required without a terminal).")
    boolean yes;

    /**
     * Whether to apply a plan that has changes. Prints "Not applied" when the user declines.
     *
     * @param showPlan prints the plan before the question, when it was not printed already
     * @throws ParameterException when there is no terminal to ask on and no --yes (a usage error, exit 2)
     */
    boolean confirmed(CliContext context, String question, PrintWriter out, Runnable showPlan) {
        if (yes) {
            return true;
        }
        if (!context.confirmer().interactive()) {
            throw new ParameterException(command.commandLine(), "not applying: no terminal to confirm on. Re-run with --yes to apply "
                    + "this plan, or with --dry-run to only show it");
        }
        showPlan.run();
        out.flush();
        if (context.confirmer().confirm(question)) {
            return true;
        }
        out.println("Not applied: nothing was changed.");
        return false;
    }
}
