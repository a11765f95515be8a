package io.opsnotify.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json}, as in the AWS CLI. */
public final class OutputOptions {
    public enum Format { text, json }

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.text;

    public boolean json() {
        return format == Format.json;
    }
}
