package io.opsnotify.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code opsnotify.jar} as a user would: a separate JVM, exit code, stdout, stderr. */
final class JarRunner {
    static final Path JAR = Path.of("target", "opsnotify.jar");
    static final long TIMEOUT_SECONDS = 120;

    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    private JarRunner() {
    }

    static Result run(Map<String, String> env, Path workDir, String... args) throws IOException, InterruptedException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " missing: run the tests with mvn verify");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(JAR.toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("DB_") || k.startsWith("AWS_"));
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true"); // never ask the instance metadata service
        pb.environment().putAll(env);
        File out = Files.createTempFile("opsnotify-out", ".txt").toFile();
        File err = Files.createTempFile("opsnotify-err", ".txt").toFile();
        pb.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("opsnotify " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
        out.delete();
        err.delete();
        return r;
    }
}
