package io.opsnotify.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's shared real data ({@code ../shared/fixtures} beside the repository: real SNS
 * events, real ip-ranges.json snapshots), found by walking up from the working directory so that
 * tests work from the module, the repository root and CI's clone alike.
 */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path shared(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 6 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("fixture shared/" + relative + " not found above " + Path.of("").toAbsolutePath()
                + " (the shared/ folder must sit beside the repository)");
    }

    public static String read(String relative) {
        try {
            return Files.readString(shared(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
