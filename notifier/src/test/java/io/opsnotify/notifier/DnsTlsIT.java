package io.opsnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsnotify.notifier.config.ConfigLoader;
import io.opsnotify.notifier.config.NotifierConfig;
import io.opsnotify.localwebhook.LocalWebhookReceiver;
import io.opsnotify.testkit.LocalDnsServer;
import io.opsnotify.testkit.LocalDnsServer.Behaviour;
import io.opsnotify.testkit.TestCertificates;
import io.opsnotify.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS to the replica when the notifier's resolver picks the address: the driver gets a socket
 * already connected to 127.0.0.1 (from {@code ResolvingSocketFactory}), and must still verify
 * the certificate against the host <em>name</em> of the URL. A MariaDB of its own, with TLS and
 * a certificate for {@value #HOST} only (DNS SAN, no IP SAN) from a throw-away CA; the local DNS
 * server answers both {@value #HOST} and {@value #OTHER_HOST} with 127.0.0.1, so the two names
 * reach the same server at the same address and only the name in the URL differs.
 */
class DnsTlsIT {
    static final String HOST = "replica.opsnotify.test";
    static final String OTHER_HOST = "other.opsnotify.test";
    static final String RO_USER = "opsnotify_tls";
    static final String RO_PASSWORD = "tls-test-password";

    static TestCertificates certs;
    static TestDatabase db;
    static int dbPort;
    static String schema;
    static LocalWebhookReceiver slack;
    LocalDnsServer dns;
    final List<String> logLines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServers() throws IOException, SQLException {
        certs = TestCertificates.create(Path.of("target", "dns-tls-certs").toAbsolutePath(), HOST);
        db = TestDatabase.startWithTls(certs.caPem(), certs.certPem(), certs.keyPem());
        String schemaUrl = db.newSchema("tls");
        db.execute(schemaUrl,
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, total DECIMAL(12,2) NOT NULL)",
                "INSERT INTO orders VALUES (42, 129.90)");
        db.createReadOnlyUser(schemaUrl, RO_USER, RO_PASSWORD);
        // the account cannot log in without TLS: a delivered event means the connection was TLS
        for (String host : new String[] {"%", "localhost", "127.0.0.1"}) {
            db.execute(schemaUrl, "ALTER USER '" + RO_USER + "'@'" + host + "' REQUIRE SSL");
        }
        URI u = URI.create(schemaUrl.substring("jdbc:".length()));
        dbPort = u.getPort();
        schema = u.getPath().substring(1);
        try (Connection c = DriverManager.getConnection(schemaUrl, db.user(), db.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@have_ssl")) {
            rs.next();
            assertThat(rs.getString(1)).as("the TLS test server has TLS").isEqualTo("YES");
        }
        slack = LocalWebhookReceiver.start();
    }

    @AfterAll
    static void stopServers() {
        if (slack != null) {
            slack.close();
        }
        if (db != null) {
            db.stop();
        }
    }

    @BeforeEach
    void startDns() throws IOException {
        slack.reset();
        dns = LocalDnsServer.start();
        dns.answer(HOST, "127.0.0.1");
        dns.answer(OTHER_HOST, "127.0.0.1");
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    NotifierConfig config(String host, String sslMode) {
        String yaml = """
                database:
                  url: jdbc:mariadb://%s:%d/%s?sslMode=%s&serverSslCert=%s
                  user: %s
                  password: ${env:DB_PASSWORD}
                  replicaLagWaitMs: 0
                slack:
                  webhookUrl: ${env:SLACK_WEBHOOK_URL}
                events:
                  order.created:
                    query: SELECT id, total FROM orders WHERE id = :id
                    text: "Order {{id}}: {{total}}"
                dns:
                  resolvers: [%s]
                  timeoutMs: 500
                  attempts: 2
                """.formatted(host, dbPort, schema, sslMode, certs.caPem(), RO_USER, dns.hostPort());
        return new ConfigLoader(Map.of("DB_PASSWORD", RO_PASSWORD, "SLACK_WEBHOOK_URL", slack.url()))
                .parse(yaml, "dns-tls-it.yaml", ConfigLoader.Options.STRICT);
    }

    static void invoke(NotifierHandler h, String messageId) throws IOException {
        String event = "{\"Records\":[{\"Sns\":{\"MessageId\":\"" + messageId
                + "\",\"Message\":\"{\\\"type\\\":\\\"order.created\\\",\\\"id\\\":42}\"}}]}";
        h.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                new LocalLambda.LocalContext(30_000));
    }

    @Test
    void handleRequest_shouldDeliver_whenTheCertificateNamesTheUrlsHost_withVerifyFull() throws IOException {
        NotifierHandler h = new NotifierHandler(Notifiers.create(config(HOST, "verify-full"), logLines::add));

        invoke(h, "m-tls-ok");

        assertThat(slack.requestCount()).isEqualTo(1);
        assertThat(slack.received().get(0).body()).contains("Order 42: 129.90");
        // the address came from our resolver (the JVM cannot resolve this name)
        assertThat(dns.count(Behaviour.ANSWER)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void handleRequest_shouldFailHostnameVerification_whenTheCertificateNamesAnotherHost_withVerifyFull() {
        // same server, same address (127.0.0.1, found by our resolver), same trusted CA: only the
        // URL's host name differs from the certificate's, so only a check of that name can fail
        NotifierHandler h = new NotifierHandler(Notifiers.create(config(OTHER_HOST, "verify-full"), logLines::add));

        assertThatThrownBy(() -> invoke(h, "m-tls-wrong-name"))
                .satisfies(e -> System.out.println("verify-full, wrong name: " + e.getMessage()))
                .isInstanceOf(NotificationFailedException.class)
                .hasMessageContaining("database error")
                .hasMessageContaining("SSL hostname verification failed")
                .hasMessageContaining(OTHER_HOST);
        assertThat(slack.requestCount()).isZero();
        assertThat(dns.count(Behaviour.ANSWER)).as("the socket was connected by our resolver's answer")
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void handleRequest_shouldDeliver_whenTheCertificateNamesAnotherHost_withVerifyCa() throws IOException {
        // the control for the test above: verify-ca checks the chain but not the name, so the
        // failure there was the host name check and nothing else (CA, TLS, account, address)
        NotifierHandler h = new NotifierHandler(Notifiers.create(config(OTHER_HOST, "verify-ca"), logLines::add));

        invoke(h, "m-tls-verify-ca");

        assertThat(slack.requestCount()).isEqualTo(1);
        assertThat(dns.count(Behaviour.ANSWER)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void handleRequest_shouldBeRefusedByTheAccount_withoutTls() {
        // the account REQUIREs SSL: so the deliveries above were over TLS
        NotifierHandler h = new NotifierHandler(Notifiers.create(config(HOST, "disable"), logLines::add));

        assertThatThrownBy(() -> invoke(h, "m-no-tls"))
                .isInstanceOf(NotificationFailedException.class)
                .hasMessageContaining("Access denied for user '" + RO_USER + "'");
        assertThat(slack.requestCount()).isZero();
    }
}
