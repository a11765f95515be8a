package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
    void usageError_shouldPrintOneLineAndAHint_notTheWholeHelp() {
        Run r = run(Map.of(), "invoke", "--frobnicate");

        assertThat(r.err().lines()).containsExactly("opsnotify: Unknown option: '--frobnicate'", "see 'opsnotify invoke --help'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void usageError_shouldNameMutuallyExclusiveOptionsInPlainWords() {
        Run both = run(Map.of(), "check-dns", "--host", "a.example", "--config", "x.yaml");
        Run none = run(Map.of(), "check-dns");

        assertThat(both.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(both.err().lines()).containsExactly("opsnotify: give only one of --host or --config",
                "see 'opsnotify check-dns --help'");
        assertThat(none.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(none.err().lines()).containsExactly("opsnotify: give --host or --config",
                "see 'opsnotify check-dns --help'");
    }

    @Test
    void invoke_shouldBeAUsageError_whenTimeoutIsTooShort_beforeReadingAnyConfig() {
        Run r = run(Map.of(), "invoke", "--config", "no-such.yaml", "--type", "t", "--id", "1", "--timeout-ms", "999");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err().lines()).containsExactly("opsnotify: --timeout-ms must be at least 1000",
                "see 'opsnotify invoke --help'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void invokeAndDemo_shouldRefuseAPlainHttpWebhook_withoutPrintingIt() {
        String hook = "http://hooks.slack.com/services/T0/B0/plainHttpTOKEN";
        Run invoke = run(Map.of(), "invoke", "--config", "no-such.yaml", "--type", "t", "--id", "1", "--webhook", hook);
        Run demo = run(Map.of(), "demo", "--webhook", hook);

        for (Run r : new Run[] {invoke, demo}) {
            assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
            assertThat(r.err().lines().findFirst()).hasValue("opsnotify: --webhook must use https (plain http is accepted "
                    + "only for a loopback test receiver) (value not shown: it is a secret)");
            assertThat(r.out() + r.err()).doesNotContain("plainHttpTOKEN");
        }
        assertThat(invoke.err().lines()).last().isEqualTo("see 'opsnotify invoke --help'");
        assertThat(demo.err().lines()).last().isEqualTo("see 'opsnotify demo --help'");
    }

    @Test
    void bareCommand_shouldListTheCommands_andExit2() {
        Run r = run(Map.of());

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("Commands:", "check-dns", "validate-s3-endpoint");
    }

    @Test
    void output_shouldNeverCarryRawControlOrBidiCharacters_fromAnArgument() {
        String hostile = "--x\u001b]0;pwned\u0007\u001b[2J\rFAKE\u202eLINE\u0085";
        Run r = run(Map.of(), "invoke", hostile);

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.out() + r.err()).doesNotContain("\u001b", "\u0007", "\r", "\u202e", "\u0085")
                .contains("\\u001B]0;pwned\\u0007\\u001B[2J\\u000DFAKE\\u202ELINE\\u0085");
        assertThat(r.err().lines()).hasSize(2); // the value's LF/CR cannot forge a line either
    }

    @Test
    void help_shouldPrintEveryExampleAsWritten_neverWrapped() {
        CommandLine root = Opsnotify.commandLine(new CliContext(Map.of(), ScriptedConfirmer.noTerminal()),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        for (CommandLine sub : root.getSubcommands().values()) {
            String name = sub.getCommandName();
            Run r = run(Map.of(), name, "--help");

            assertThat(r.code()).as(name).isZero();
            for (String example : sub.getCommandSpec().usageMessage().footer()) {
                assertThat(r.out().lines()).as(name).contains(example);
            }
        }
    }

    @Test
    void output_shouldExit3_whenStdoutCannotBeWritten() {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        StringWriter err = new StringWriter();
        int code = Opsnotify.run(Map.of(), new PrintWriter(closed, true, StandardCharsets.UTF_8), new PrintWriter(err), "--version");

        assertThat(code).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(err.toString()).contains("opsnotify: could not write the output");
    }

    @Test
    void invoke_shouldExit2_whenNeitherTypeAndIdNorEventFileIsGiven() {
        Run r = run(Map.of(), "invoke", "--dry-run");

        assertThat(r.code()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).startsWith("opsnotify: give --event-file, or --type and --id\n");
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
