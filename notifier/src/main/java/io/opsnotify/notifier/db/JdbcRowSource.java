package io.opsnotify.notifier.db;

import io.opsnotify.notifier.base.Deadline;
import io.opsnotify.notifier.base.SafeText;
import io.opsnotify.notifier.dns.NotifierResolver;
import io.opsnotify.notifier.dns.ResolvingSocketFactory;
import io.opsnotify.notifier.event.EventException;
import io.opsnotify.notifier.event.EventId;
import io.opsnotify.notifier.event.NumericId;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.Driver;
import org.mariadb.jdbc.HostAddress;

/**
 * The replica over JDBC. One connection per container (a Lambda container runs one event at a
 * time), opened lazily, read-only, with prepared statements cached per query. Before use after
 * an idle spell it is validated; a connection-class failure during a query closes it and the
 * query is tried once more on a fresh connection, so a replica restart or a NAT/proxy idle cut
 * costs one retry, not a failed event.
 */
public final class JdbcRowSource implements RowSource {
    /** Validate the connection before use when it has been idle longer than this. */
    static final long VALIDATE_AFTER_IDLE_MS = 30_000;

    private static final Driver DRIVER = new Driver();

    /** Opens a connection to a database that is not the configured replica: the demo's embedded one. */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    private final DatabaseConfig config;
    /** null: the configured replica through the MariaDB driver. */
    private final Connector connector;
    private final LongSupplier clockMs;
    private Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private long lastUsedMs;
    private int connectionsOpened;

    /** null: the driver resolves host names itself (the JVM's resolver). */
    private final NotifierResolver resolver;
    /** What this connection attempt resolved, handed to {@link ResolvingSocketFactory}. */
    private final Map<String, List<InetAddress>> pinned = new ConcurrentHashMap<>();
    private String factoryKey;

    public JdbcRowSource(DatabaseConfig config) {
        this(config, System::currentTimeMillis, null);
    }

    /** @param resolver resolves the database host instead of the JVM (MariaDB/MySQL URLs) */
    public JdbcRowSource(DatabaseConfig config, NotifierResolver resolver) {
        this(config, System::currentTimeMillis, resolver);
    }

    JdbcRowSource(DatabaseConfig config, LongSupplier clockMs) {
        this(config, clockMs, null);
    }

    /**
     * Reads rows through connections from {@code connector} instead of {@code config.url()}
     * (which is then not used): for the demo's embedded database, which is code, not config,
     * so no user's config can reach it.
     */
    public JdbcRowSource(DatabaseConfig config, Connector connector) {
        this(config, System::currentTimeMillis, null, Objects.requireNonNull(connector));
    }

    JdbcRowSource(DatabaseConfig config, LongSupplier clockMs, NotifierResolver resolver) {
        this(config, clockMs, resolver, null);
    }

    private JdbcRowSource(DatabaseConfig config, LongSupplier clockMs, NotifierResolver resolver, Connector connector) {
        this.connector = connector;
        this.config = config;
        this.clockMs = clockMs;
        this.resolver = resolver;
    }

    @Override
    public Optional<Map<String, String>> fetch(SqlQuery query, EventId id, Deadline deadline) throws SQLException {
        try {
            return fetchOnce(query, id, deadline);
        } catch (SQLException e) {
            if (e instanceof HostNotResolvedException || !isConnectionFailure(e)) {
                throw e;
            }
            closeQuietly();
            return fetchOnce(query, id, deadline); // once more on a fresh connection
        }
    }

    private Optional<Map<String, String>> fetchOnce(SqlQuery query, EventId id, Deadline deadline) throws SQLException {
        PreparedStatement ps = statement(query, deadline);
        for (int i = 1; i <= query.parameterCount(); i++) {
            bind(ps, i, id);
        }
        try (ResultSet rs = ps.executeQuery()) {
            lastUsedMs = clockMs.getAsLong();
            checkNoTruncatedId(ps, id);
            if (!rs.next()) {
                return Optional.empty();
            }
            ResultSetMetaData md = rs.getMetaData();
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 1; c <= md.getColumnCount(); c++) {
                row.put(md.getColumnLabel(c), rs.getString(c));
            }
            return Optional.of(row);
        }
    }

    /** A numeric id as a number ({@code BIGINT UNSIGNED} beyond a long as a decimal), a text id as a string. */
    private static void bind(PreparedStatement ps, int index, EventId id) throws SQLException {
        switch (id.kind()) {
            case NUMERIC -> {
                NumericId n = (NumericId) id;
                if (n.fitsLong()) {
                    ps.setLong(index, n.value().longValueExact());
                } else {
                    ps.setBigDecimal(index, new BigDecimal(n.value()));
                }
            }
            case TEXT -> ps.setString(index, checkStringId(id.text()));
            default -> throw new IllegalStateException("unknown id kind " + id.kind());
        }
    }

    /** What MySQL reads as the start of a number when it compares a string with a number column. */
    private static final Pattern NUMERIC_START = Pattern.compile("[+-]?\\.?[0-9].*", Pattern.DOTALL);
    /** ER_TRUNCATED_WRONG_VALUE: the server converted a string to a number and cut something off. */
    static final int TRUNCATED_WRONG_VALUE = 1292;
    /**
     * The server warnings that mean a value was converted lossily: truncated (1265, 1292, 1366),
     * out of range (1264) or illegal for the type (1367). Matched by code only: the message quotes
     * the value cut and escaped, so it cannot be compared with the id.
     */
    static final Set<Integer> CONVERSION_WARNINGS = Set.of(1264, 1265, TRUNCATED_WRONG_VALUE, 1366, 1367);

    /**
     * A string id is compared by the server; MySQL/MariaDB compare a string with a number column
     * as a number, reading only its numeric start: '1001abc', ' 1001' and '1001.0' would all fetch
     * row 1001. So a string id must be a whole number written plainly, or must not start like a
     * number at all ('ORD-1001'); anything else is invalid input, not a row to look for.
     */
    static String checkStringId(String id) {
        if (EventId.CANONICAL_INTEGER.matcher(id).matches()) {
            return id;
        }
        if (!id.equals(id.strip())) {
            throw new EventException("id '" + SafeText.line(id) + "' has leading or trailing spaces");
        }
        if (NUMERIC_START.matcher(id).matches()) {
            throw new EventException("id '" + SafeText.line(id) + "' is not a whole number written plainly (digits, "
                    + "an optional '-', no leading zeros), but starts like a number: a number column would "
                    + "match it by its numeric start");
        }
        return id;
    }

    /**
     * The server had to convert the string id lossily to compare it (any conversion warning on
     * this statement, whatever its text): it does not match the column's type.
     */
    private static void checkNoTruncatedId(PreparedStatement ps, EventId id) throws SQLException {
        if (id.kind() != EventId.Kind.TEXT) {
            return;
        }
        for (SQLWarning w = ps.getWarnings(); w != null; w = w.getNextWarning()) {
            if (CONVERSION_WARNINGS.contains(w.getErrorCode())) {
                ps.clearWarnings();
                throw new EventException("id '" + SafeText.line(id.text()) + "' is not a number, but the query compares it "
                        + "with a number column");
            }
        }
    }

    private PreparedStatement statement(SqlQuery query, Deadline deadline) throws SQLException {
        Connection c = connection(deadline);
        PreparedStatement ps = statements.get(query.jdbcSql());
        if (ps == null) {
            ps = c.prepareStatement(query.jdbcSql());
            ps.setQueryTimeout(config.queryTimeoutSeconds());
            ps.setMaxRows(1);
            statements.put(query.jdbcSql(), ps);
        }
        return ps;
    }

    private Connection connection(Deadline deadline) throws SQLException {
        if (connection != null && clockMs.getAsLong() - lastUsedMs > VALIDATE_AFTER_IDLE_MS
                && !connection.isValid(Math.max(1, config.connectTimeoutMs() / 1000))) {
            closeQuietly();
        }
        if (connection == null || connection.isClosed()) {
            statements.clear();
            Connection c = connector != null ? connector.open() : openReplica(deadline);
            c.setReadOnly(true);
            c.setAutoCommit(true);
            connection = c;
            connectionsOpened++;
            lastUsedMs = clockMs.getAsLong();
        }
        return connection;
    }

    /**
     * Connects to the configured replica with the MariaDB driver itself, never through
     * DriverManager: only a URL {@link JdbcUrl#check} accepts reaches a driver, so no other
     * driver on the classpath (the CLI bundles H2 for the demo) can be picked by a config.
     */
    private Connection openReplica(Deadline deadline) throws SQLException {
        String url;
        try {
            url = JdbcUrl.check(config.url());
        } catch (IllegalArgumentException e) {
            throw new SQLNonTransientException("database.url " + e.getMessage(), "HY000");
        }
        Properties p = JdbcUrl.pinned(); // no LOAD DATA LOCAL, one statement per query, no redirect
        if (config.user() != null) {
            p.setProperty("user", config.user());
        }
        if (config.password() != null) {
            p.setProperty("password", config.password().reveal());
        }
        p.setProperty("connectTimeout", Integer.toString(config.connectTimeoutMs()));
        // a hung socket must not outlive the query timeout by much
        p.setProperty("socketTimeout", Integer.toString(config.queryTimeoutSeconds() * 1000 + 2000));
        resolveHosts(p, url, deadline);
        Connection c = DRIVER.connect(url, p);
        if (c == null) {
            throw new SQLNonTransientException("database.url is not a MariaDB URL", "HY000");
        }
        try {
            c.setReadOnly(true);
            // setReadOnly is only a hint to this driver; make the server enforce it too
            try (Statement s = c.createStatement()) {
                s.execute("SET SESSION TRANSACTION READ ONLY");
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Resolves the URL's host names with the notifier's resolver (a clear error, retries and
     * serve-stale happen here, within {@code deadline}) and makes the driver connect to those
     * addresses through {@link ResolvingSocketFactory}. All-literal URLs and unix sockets/pipes
     * are left to the driver.
     */
    private void resolveHosts(Properties p, String url, Deadline deadline) throws SQLException {
        if (resolver == null) {
            return;
        }
        Configuration conf = Configuration.parse(url);
        if (conf == null) {
            return; // not a URL this driver takes; it will say so itself
        }
        pinned.clear();
        boolean anyName = false;
        for (HostAddress a : conf.addresses()) {
            if (a.pipe != null || a.localSocket != null || conf.pipe() != null || conf.localSocket() != null) {
                return;
            }
            if (NotifierResolver.isIpLiteral(a.host)) {
                continue;
            }
            anyName = true;
            try {
                pinned.put(a.host, resolver.resolve(a.host, deadline.remainingMillis()).addresses());
            } catch (UnknownHostException e) {
                throw new HostNotResolvedException("database host " + e.getMessage());
            }
        }
        if (!anyName) {
            return;
        }
        if (factoryKey == null) {
            factoryKey = ResolvingSocketFactory.register(host -> {
                List<InetAddress> ips = pinned.get(host);
                if (ips == null && NotifierResolver.isIpLiteral(host)) {
                    return resolver.resolve(host).addresses(); // a literal: no lookup
                }
                if (ips == null) {
                    throw new UnknownHostException(host + " was not resolved by the notifier's resolver");
                }
                return ips;
            });
        }
        p.setProperty("socketFactory", ResolvingSocketFactory.class.getName());
        p.setProperty(ResolvingSocketFactory.KEY_PROPERTY, factoryKey);
    }

    /**
     * The host names (not IP literals) the notifier resolves to reach this JDBC URL: what
     * {@code opsnotify check-dns --config} checks. Empty for other drivers, sockets and pipes.
     */
    public static List<String> hostNamesToResolve(String url) {
        if (url == null || !isMariaDbOrMySql(url)) {
            return List.of();
        }
        try {
            url = JdbcUrl.check(url);
            Configuration conf = Configuration.parse(url);
            if (conf == null || conf.pipe() != null || conf.localSocket() != null) {
                return List.of();
            }
            return conf.addresses().stream().map(a -> a.host).filter(h -> h != null && !NotifierResolver.isIpLiteral(h))
                    .distinct().toList();
        } catch (SQLException | IllegalArgumentException e) {
            return List.of();
        }
    }

    /**
     * Why {@link #hostNamesToResolve} finds no host name in this JDBC URL, in an operator's words
     * (the URL itself is never quoted: it may hold a password); null when it finds some.
     */
    public static String whyNoHostNames(String url) {
        if (url == null || url.isBlank()) {
            return "database.url is not set";
        }
        if (!isMariaDbOrMySql(url)) {
            return "database.url is not a jdbc:mariadb: or jdbc:mysql: URL";
        }
        Configuration conf;
        try {
            conf = Configuration.parse(JdbcUrl.check(url));
        } catch (IllegalArgumentException e) {
            return "database.url is refused: " + e.getMessage();
        } catch (SQLException e) {
            return "database.url is not a URL the MariaDB driver accepts";
        }
        if (conf == null) {
            return "database.url is not a URL the MariaDB driver accepts";
        }
        if (conf.pipe() != null || conf.localSocket() != null) {
            return "database.url connects through a local pipe or socket: no host to resolve";
        }
        if (!hostNamesToResolve(url).isEmpty()) {
            return null;
        }
        List<String> literals = conf.addresses().stream().map(a -> a.host).filter(Objects::nonNull).distinct().toList();
        return literals.isEmpty() ? "database.url names no host"
                : "database.url names IP addresses only (" + String.join(", ", literals)
                        + "): the notifier resolves no host name";
    }

    /** The database host has no address and no stale one within bound; retrying at once would not help. */
    public static final class HostNotResolvedException extends SQLNonTransientConnectionException {
        private static final long serialVersionUID = 1L;

        HostNotResolvedException(String message) {
            super(message, "08001");
        }
    }

    static boolean isMariaDbOrMySql(String url) {
        return url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:");
    }

    static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                || e instanceof SQLRecoverableException || (state != null && state.startsWith("08"));
    }

    /** How many connections this source has opened; for tests and the benchmark. */
    public int connectionsOpened() {
        return connectionsOpened;
    }

    private void closeQuietly() {
        statements.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is being replaced because it is broken
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closeQuietly();
        if (factoryKey != null) {
            ResolvingSocketFactory.unregister(factoryKey);
            factoryKey = null;
        }
    }
}
