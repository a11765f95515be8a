package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An error message that carries a value (a config value, a file name, an argument) stays on its
 * line: a newline in the value cannot start a second stderr line that reads like a verdict.
 */
class ErrorLinesTest {
    static final String FORGED = "\nOK: forged";
    @TempDir
    Path dir;

    static void assertNoForgedLine(CliRun r) {
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err().lines()).as(r.err()).noneMatch(l -> l.startsWith("OK: forged"))
                .allMatch(l -> l.startsWith("opsnotify: ") || l.startsWith("  ") || l.startsWith("see '"));
        assertThat(r.err()).contains("\\u000AOK: forged"); // SafeText.line's escape
        assertThat(r.out()).isEmpty();
    }

    @Test
    void configValueWithANewline_shouldStayOnItsProblemsLine() throws Exception {
        Path config = dir.resolve("opsnotify.yaml");
        Files.writeString(config, """
                database:
                  url: jdbc:mariadb://replica.internal:3306/shop
                  user: ops
                  password: secret
                slack:
                  webhookUrl: https://hooks.slack.com/services/T0/B0/x
                dns:
                  resolvers: ["10.0.0.2\\nOK: forged"]
                events:
                  order.created:
                    query: SELECT o.id FROM orders o WHERE o.id = :id
                    text: "New order #{{id}}"
                """);

        CliRun r = CliRun.run(Map.of(), "check-dns", "--config", config.toString());

        assertNoForgedLine(r);
        assertThat(r.err()).contains("configuration problem").contains("dns.resolvers[0]");
    }

    @Test
    void configFileNameWithANewline_shouldStayOnOneLine() throws Exception {
        Path config = dir.resolve("x" + FORGED + ".yaml");
        Files.writeString(config, "database: [\n");

        CliRun r = CliRun.run(Map.of(), "check-dns", "--config", config.toString());

        assertNoForgedLine(r);
    }

    @Test
    void argumentWithANewline_inACommandsOwnUsageError_shouldStayOnOneLine() {
        CliRun r = CliRun.run(Map.of(), "check-dns", "--host", "replica.internal", "--type", "A" + FORGED);

        assertNoForgedLine(r);
        assertThat(r.err().lines().filter(l -> l.startsWith("opsnotify: "))).hasSize(1);
    }
}
