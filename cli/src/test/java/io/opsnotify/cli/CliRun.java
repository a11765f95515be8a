package io.opsnotify.cli;

import io.opsnotify.awslocal.AwsLocal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * One in-process command line run (through {@link Opsnotify#run(CliContext, PrintWriter,
 * PrintWriter, String...)}, the path {@code main} takes) and what it printed; shared by the ITs.
 */
record CliRun(int code, String out, String err) {

    static CliRun run(Map<String, String> env, Confirmer confirmer, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Opsnotify.run(new CliContext(env, confirmer), new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Without a terminal, as from cron or CI. */
    static CliRun run(Map<String, String> env, String... args) {
        return run(env, ScriptedConfirmer.noTerminal(), args);
    }

    /** AWS settings that point the SDK at the local endpoint, with fake keys (a mutable copy). */
    static Map<String, String> awsEnv(AwsLocal aws) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", "AKIATEST");
        env.put("AWS_SECRET_ACCESS_KEY", "test-secret-key");
        env.put("AWS_REGION", "ap-northeast-1");
        env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        return env;
    }

    /** The summary line monitoring reads. */
    String firstLine() {
        return out.lines().findFirst().orElse("");
    }

    String all() {
        return out + err;
    }
}
