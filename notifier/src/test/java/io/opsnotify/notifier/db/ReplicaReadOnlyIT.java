package io.opsnotify.notifier.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.notifier.EventResult;
import io.opsnotify.notifier.Notifier;
import io.opsnotify.notifier.Notifiers;
import io.opsnotify.notifier.Outcome;
import io.opsnotify.notifier.config.ConfigException;
import io.opsnotify.notifier.config.ConfigLoader;
import io.opsnotify.notifier.config.NotifierConfig;
import io.opsnotify.notifier.base.Secret;
import io.opsnotify.notifier.event.NumericId;
import io.opsnotify.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replica stays read-only whatever the config says, proven on a real MariaDB with an
 * account that (by mistake) may write: every path that used to write is closed, and the
 * table is unchanged afterwards.
 */
class ReplicaReadOnlyIT {
    static final String PASSWORD = "Rw-by-mistake-pw-77";
    static final String USER = "rw_by_mistake";
    static TestDatabase db;
    static String schemaUrl;
    static String expectedRows;
    final List<String> logLines = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        db = TestDatabase.get();
        schemaUrl = db.newSchema("readonly");
        String schema = schemaUrl.substring(schemaUrl.lastIndexOf('/') + 1);
        db.execute(schemaUrl,
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, total DECIMAL(12,2) NOT NULL, code VARCHAR(20))",
                "INSERT INTO orders VALUES (42, 129.90, 'A-42'), (1001, 5.00, 'B-1001')",
                // a function that writes, callable from a SELECT; it runs with its definer's rights
                "CREATE FUNCTION sneaky_write() RETURNS INT MODIFIES SQL DATA "
                        + "BEGIN INSERT INTO orders VALUES (666, 0, 'pwned'); RETURN 1; END");
        for (String host : new String[] {"%", "localhost", "127.0.0.1"}) {
            db.execute(schemaUrl, "CREATE USER IF NOT EXISTS '" + USER + "'@'" + host + "' IDENTIFIED BY '" + PASSWORD + "'",
                    "GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE ON " + schema + ".* TO '" + USER + "'@'" + host + "'");
        }
        expectedRows = rows();
    }

    /** Every row, as text: what "the table is unchanged" compares. */
    static String rows() {
        try (Connection c = DriverManager.getConnection(schemaUrl, db.user(), db.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, total, code FROM orders ORDER BY id")) {
            StringBuilder sb = new StringBuilder();
            while (rs.next()) {
                sb.append(rs.getString(1)).append('|').append(rs.getString(2)).append('|').append(rs.getString(3)).append('\n');
            }
            return sb.toString();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String config(String url, String query) {
        return """
                database:
                  url: "%s"
                  user: %s
                  password: ${env:DB_PASSWORD}
                  replicaLagWaitMs: 200
                slack:
                  webhookUrl: https://hooks.slack.com/services/T0/B0/never-used
                events:
                  order.created:
                    query: "%s"
                    text: "order {{id}}"
                """.formatted(url, USER, query);
    }

    static NotifierConfig load(String yaml) {
        return new ConfigLoader(Map.of("DB_PASSWORD", PASSWORD)).parse(yaml, "opsnotify.yaml",
                new ConfigLoader.Options(false));
    }

    EventResult dryRun(NotifierConfig config, String message) {
        try (Notifier n = Notifiers.create(config, logLines::add)) {
            return n.handle(message.getBytes(StandardCharsets.UTF_8), Deadline.inMillis(20_000), true).get(0);
        }
    }

    static DatabaseConfig direct(String url) {
        return new DatabaseConfig(url, USER, Secret.of(PASSWORD), 5, 3000, 0);
    }

    @Test
    void initSql_shouldBeRefusedAtLoadAndByTheRowSource_andNothingIsWritten() {
        String url = schemaUrl + "?initSql=INSERT INTO orders VALUES (667, 0, 'init')";

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> load(config(url, "SELECT id FROM orders WHERE id = :id")));
        // a DatabaseConfig made without the loader does not get through either
        try (JdbcRowSource rows = new JdbcRowSource(direct(url))) {
            assertThatThrownBy(() -> rows.fetch(SqlQuery.parse("SELECT id FROM orders WHERE id = :id"), NumericId.of(42), Deadline.inMillis(10_000)))
                    .isInstanceOf(SQLException.class).hasMessageContaining("initSql");
        }

        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("database.url");
            assertThat(p.message()).contains("initSql");
        });
        assertThat(rows()).isEqualTo(expectedRows);
    }

    @Test
    void multiQueries_shouldBeRefused_andTheSecondStatementNeverRuns() {
        String url = schemaUrl + "?allowMultiQueries=true";
        String query = "SELECT id FROM orders WHERE id = :id; SET SESSION TRANSACTION READ WRITE; "
                + "INSERT orders VALUES (668, 0, 'multi')";

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(config(url, query)));
        try (JdbcRowSource rows = new JdbcRowSource(direct(url))) {
            assertThatThrownBy(() -> rows.fetch(SqlQuery.parse("SELECT id FROM orders WHERE id = :id"), NumericId.of(42), Deadline.inMillis(10_000)))
                    .isInstanceOf(SQLException.class).hasMessageContaining("allowMultiQueries");
        }

        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(p -> p.path())
                .containsExactlyInAnyOrder("database.url", "events.order.created.query");
        assertThat(rows()).isEqualTo(expectedRows);
    }

    @Test
    void versionedComment_shouldBeRefused_andNothingIsWritten() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(config(schemaUrl,
                "SELECT id FROM orders WHERE id = :id /*!50000 UNION SELECT sneaky_write() */")));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("versioned comments");
        assertThat(rows()).isEqualTo(expectedRows);
    }

    @Test
    void writingFunction_shouldFailOnTheReadOnlySession_evenForAnAccountThatMayWrite() {
        NotifierConfig config = load(config(schemaUrl, "SELECT sneaky_write() AS w, id FROM orders WHERE id = :id"));

        EventResult r = dryRun(config, "{\"type\":\"order.created\",\"id\":42}");

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.failure()).isEqualTo(EventResult.Failure.DATABASE);
        assertThat(r.error()).containsIgnoringCase("read only").doesNotContain(PASSWORD);
        assertThat(rows()).isEqualTo(expectedRows);
    }

    @Test
    void connection_shouldBeReadOnly_onTheServerAndInJdbc() throws SQLException {
        NotifierConfig config = load(config(schemaUrl,
                "SELECT @@session.tx_read_only AS ro, @@session.autocommit AS ac, :id AS id"));

        EventResult r = dryRun(config, "{\"type\":\"order.created\",\"id\":1}");

        assertThat(r.outcome()).as(r.error()).isEqualTo(Outcome.DRY_RUN);
        assertThat(r.payload()).contains("order 1");
        try (JdbcRowSource rows = new JdbcRowSource(config.database())) {
            assertThat(rows.fetch(config.events().get("order.created").query(), NumericId.of(1), Deadline.inMillis(10_000))).get()
                    .satisfies(row -> assertThat(row).containsEntry("ro", "1").containsEntry("ac", "1"));
        }
    }

    @Test
    void mysqlScheme_shouldReachTheReplicaThroughTheMariaDbDriver() {
        NotifierConfig config = load(config(schemaUrl.replace("jdbc:mariadb:", "jdbc:mysql:"),
                "SELECT id, code FROM orders WHERE id = :id"));

        EventResult r = dryRun(config, "{\"type\":\"order.created\",\"id\":42}");

        assertThat(r.outcome()).as(r.error()).isEqualTo(Outcome.DRY_RUN);
        assertThat(r.payload()).contains("order 42");
    }
}
