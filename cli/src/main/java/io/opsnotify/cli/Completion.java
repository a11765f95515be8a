package io.opsnotify.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code opsnotify completion}: prints a bash/zsh completion script generated from the command model. */
@Command(name = "completion",
        description = {"Print a bash/zsh completion script for opsnotify.",
            "Load it with:  source <(opsnotify completion)   (zsh: autoload -U +X bashcompinit && bashcompinit first)"},
        mixinStandardHelpOptions = true)
final class Completion implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("opsnotify", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
