package io.opsnotify.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data the tests use (real SNS events, real ip-ranges.json snapshots), carried by the
 * repository under each module's {@code src/test/resources/fixtures/}. A clone needs nothing
 * beside it: Maven copies the files to {@code target/test-classes}, where they are plain files
 * that a test can list or hand to the CLI as a path.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /**
     * The file of a fixture, e.g. {@code path("fixtures/sns/order-created-42.json")}, found on the
     * test class path of the module that runs the test (its {@code target/test-classes}).
     */
    public static Path path(String relative) {
        URL url = Thread.currentThread().getContextClassLoader().getResource(relative);
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalStateException("fixture " + relative + " is not in this module's src/test/resources"
                    + (url == null ? "" : " (found only inside " + url + ")"));
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("fixture " + relative + ": " + url, e);
        }
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
