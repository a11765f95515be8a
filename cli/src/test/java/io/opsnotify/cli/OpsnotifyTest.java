package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line in-process, through the same {@code run} that main uses. */
class OpsnotifyTest {
    record Run(int code, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Opsnotify.run(env, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void run_shouldExit2WithUsage_whenOptionIsUnknown() {
        Run r = run(Map.of(), "invoke", "--frobnicate");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void invoke_shouldExit2_whenNeitherTypeAndIdNorEventFileIsGiven() {
        Run r = run(Map.of(), "invoke", "--dry-run");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("Missing required argument");
    }

    @Test
    void invoke_shouldExit2_whenIdIsGivenWithoutType() {
        Run r = run(Map.of(), "invoke", "--id", "42");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("--type");
    }

    @Test
    void invoke_shouldRejectPlainHttpWebhook_withoutPrintingIt() {
        Run r = run(Map.of(), "invoke", "--type", "t", "--id", "1", "--webhook", "http://hooks.example.com/services/T1/B1/secret-token");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("--webhook must use https").doesNotContain("secret-token").doesNotContain("hooks.example.com");
    }

    @Test
    void help_shouldListEveryExitCode() {
        Run r = run(Map.of(), "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Exit codes:", "0   OK", "1   WARNING", "2   CRITICAL", "3   UNKNOWN", "invoke", "demo");
    }

    @Test
    void version_shouldSayDevelopmentBuild_whenNotRunFromTheJar() {
        Run r = run(Map.of(), "--version");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("opsnotify ");
    }

    @Test
    void invoke_shouldExitWithStacktrace_onlyWhenAsked() {
        Run plain = run(Map.of(), "invoke", "--config", "/nonexistent/opsnotify.yaml", "--type", "t", "--id", "1");
        Run traced = run(Map.of(), "invoke", "--config", "/nonexistent/opsnotify.yaml", "--type", "t", "--id", "1", "--stacktrace");

        assertThat(plain.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(plain.err()).contains("file not found").doesNotContain("\tat ");
        assertThat(traced.err()).contains("\tat ");
    }

    @Test
    void completion_shouldPrintABashCompletionScriptForEveryCommand() {
        Run r = run(Map.of(), "completion");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F").contains("deploy").contains("test-event")
                .contains("--endpoint-url");
    }

    @Test
    void testEvent_shouldExit2_whenNoRegionIsKnown() {
        Run r = run(Map.of(), "test-event", "--topic-arn", "arn:aws:sns:ap-northeast-1:123456789012:t", "--type", "t", "--id", "1");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("no AWS region: give --region or set AWS_REGION");
    }
}
