package io.opsnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The deployable Lambda jar (the shaded {@code target/opsnotify-notifier.jar} that the CLI bundles
 * and deploy uploads) carries the function and its libraries, and nothing that serves the demo
 * or the tests: the local webhook receiver lives in its own module, a test dependency here.
 */
class LambdaJarIT {
    static final Path JAR = Path.of("target", "opsnotify-notifier.jar");
    /** The JDK's HTTP server API: the receiver uses it; the function never serves HTTP. */
    static final String HTTP_SERVER_API = "com/sun/net/httpserver/";

    @Test
    void lambdaJar_shouldCarryTheHandler_andNoLocalWebhookReceiver() throws IOException {
        // arrange
        assertThat(JAR).as("built by the package phase, before the ITs run").isRegularFile();
        List<String> names = new ArrayList<>();
        List<String> servingHttp = new ArrayList<>();

        // act
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                names.add(e.getName());
                if (e.getName().startsWith("io/opsnotify/") && e.getName().endsWith(".class")) {
                    try (InputStream in = zip.getInputStream(e)) {
                        // a class naming another class keeps its internal name in the constant pool
                        if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(HTTP_SERVER_API)) {
                            servingHttp.add(e.getName());
                        }
                    }
                }
            }
        }

        // assert
        assertThat(names).contains("io/opsnotify/notifier/NotifierHandler.class", "io/opsnotify/notifier/Notifier.class");
        assertThat(names).filteredOn(n -> n.startsWith("io/opsnotify/") && !n.equals("io/opsnotify/"))
                .as("only the notifier's own packages").allMatch(n -> n.startsWith("io/opsnotify/notifier/"));
        assertThat(names).noneMatch(n -> n.contains("LocalWebhookReceiver"));
        assertThat(servingHttp).as("classes that use the JDK's HTTP server").isEmpty();
    }
}
