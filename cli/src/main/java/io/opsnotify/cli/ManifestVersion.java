package io.opsnotify.cli;

import picocli.CommandLine;

/** {@code --version} from the jar manifest's Implementation-Version, never a literal. */
public final class ManifestVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Opsnotify.class.getPackage().getImplementationVersion();
        return new String[] {"opsnotify " + (v == null ? "(development build)" : v),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
