package io.opsnotify.cli;

import java.util.ArrayList;
import io.opsnotify.awslocal.FunctionInvoker;
import io.opsnotify.awslocal.FunctionState;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Runs a deployed function's package the way the Lambda Java runtime lays it out: the zip
 * unpacked into a task root, the root and {@code lib/*} on the classpath, the function's
 * environment variables as the process environment, one invocation per process
 * ({@code io.opsnotify.notifier.LocalLambda}, which builds the handler with its no-arg
 * constructor as the runtime does). The AWS runtime itself cannot run here.
 */
final class PackageRunner implements FunctionInvoker {
    static final long TIMEOUT_SECONDS = 60;

    @Override
    public byte[] invoke(FunctionState function, byte[] event) throws Exception {
        Path root = Files.createTempDirectory("opsnotify-task-root");
        unzip(function.code(), root);
        Path eventFile = root.resolve("event.json");
        Files.write(eventFile, event);
        String cp = root + File.pathSeparator + root.resolve("lib") + File.separator + "*";
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, "io.opsnotify.notifier.LocalLambda", eventFile.toString());
        pb.environment().clear();
        pb.environment().putAll(function.environment());
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        pb.directory(root.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("function did not finish in " + TIMEOUT_SECONDS + " s");
        }
        byte[] output = p.getInputStream().readAllBytes();
        if (p.exitValue() != 0) {
            throw new IllegalStateException("function failed (exit " + p.exitValue() + "): "
                    + new String(output, StandardCharsets.UTF_8));
        }
        return output;
    }

    static void unzip(byte[] zip, Path root) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("zip entry outside the task root: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.write(target, in.readAllBytes());
                }
            }
        }
    }

    /** Names in the zip, for assertions on the package layout. */
    static List<String> entries(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
