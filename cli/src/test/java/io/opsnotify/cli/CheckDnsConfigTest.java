package io.opsnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-dns --config: when database.url gives it no host to check, it says exactly why (exit 2, nothing sent). */
class CheckDnsConfigTest {
    @TempDir
    Path dir;

    CliRun checkDns(String url) throws Exception {
        Path config = Files.writeString(dir.resolve("opsnotify.yaml"), """
                database:
                  url: "%s"
                slack:
                  webhookUrl: https://hooks.slack.com/services/T0/B0/x
                events:
                  order.created:
                    query: SELECT id FROM orders WHERE id = :id
                    text: "Order {{id}}"
                dns:
                  resolvers: [127.0.0.1:9]
                """.formatted(url));
        return CliRun.run(Map.of(), "check-dns", "--config", config.toString(), "--count", "1");
    }

    @Test
    void ipAddressOnly_shouldSaySo_namingTheAddresses() throws Exception {
        CliRun v4 = checkDns("jdbc:mariadb://10.0.0.5:3306/shop");
        CliRun v6 = checkDns("jdbc:mariadb:sequential://[fd00::5]:3306,10.0.0.6:3306/shop");

        assertThat(v4.code()).as(v4.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(v4.err()).isEqualTo("opsnotify: " + dir.resolve("opsnotify.yaml") + ": database.url names IP addresses "
                + "only (10.0.0.5): the notifier resolves no host name, nothing to check\nsee 'opsnotify check-dns --help'\n");
        assertThat(v4.out()).isEmpty();
        assertThat(v6.code()).as(v6.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(v6.err()).contains("database.url names IP addresses only (fd00::5, 10.0.0.6)")
                .doesNotContain("a socket or not MariaDB");
    }

    @Test
    void refusedUrl_shouldBeAConfigProblemNamingTheReason() throws Exception {
        CliRun r = checkDns("jdbc:mariadb://replica.internal:3306/shop?allowLoadLocalInfile=true");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CRITICAL);
        assertThat(r.err()).contains("database.url: driver option allowLoadLocalInfile refused");
        assertThat(r.out()).isEmpty();
    }
}
