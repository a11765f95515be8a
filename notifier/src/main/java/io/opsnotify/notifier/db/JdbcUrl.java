package io.opsnotify.notifier.db;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.HostAddress;
import org.mariadb.jdbc.export.HaMode;

/**
 * Which JDBC URLs the notifier connects to: a MariaDB/MySQL replica, with only driver options
 * that neither run SQL nor widen what the session may do.
 *
 * <p>The URL is parsed by the MariaDB driver itself ({@link Configuration#parse}), and every
 * option of the resulting configuration that differs from the driver's default must be on
 * {@link #ALLOWED_OPTIONS}. Checking what the driver <em>will do</em>, rather than the text,
 * makes the check independent of the URL's syntax (query string, {@code address=(...)},
 * aliases, case), and an option a newer driver adds is refused until someone allows it.
 */
public final class JdbcUrl {
    /** Driver options an operator may set in the URL: TLS, TCP, compression, collation, type mapping. */
    public static final Set<String> ALLOWED_OPTIONS = Set.of(
            "sslMode", "serverSslCert", "trustStore", "trustStoreType", "trustStorePassword",
            "enabledSslProtocolSuites", "enabledSslCipherSuites", "fallbackToSystemTrustStore",
            "useCompression", "tcpKeepAlive", "tcpKeepIdle", "tcpKeepCount", "tcpKeepInterval",
            "connectionCollation", "restrictedAuth", "retriesAllDown",
            "tinyInt1isBit", "transformedBitIsBoolean", "yearIsDateType");
    /** Options whose value is a secret: masked in output, a ${env:NAME} reference for deploy. */
    public static final Set<String> SECRET_OPTIONS = Set.of("password", "trustStorePassword");
    /** Where the driver is told where to connect and as whom; checked separately. */
    private static final Set<String> STRUCTURE = Set.of("addresses", "database", "haMode", "user", "password",
            "initialUrl", "nonMappedOptions", "credentialPlugin", "codecs", "toBuilder", "havePrimaryHostOnly",
            "hashCode", "toString");
    private static final Set<HaMode> HA_MODES = Set.of(HaMode.NONE, HaMode.SEQUENTIAL, HaMode.LOADBALANCE);
    private static final String FORM = "jdbc:mariadb://host[:port]/database[?option=value&...]";
    private static final String MARIADB = "jdbc:mariadb:";
    private static final String MYSQL = "jdbc:mysql:";

    private static volatile List<Method> getters;
    private static volatile Configuration defaults;

    private JdbcUrl() {
    }

    /**
     * @return the URL to hand to the MariaDB driver ({@code jdbc:mysql:} mapped to {@code jdbc:mariadb:})
     * @throws IllegalArgumentException why it is refused; never quotes the URL (it may hold a password)
     */
    public static String check(String url) {
        String u = url == null ? "" : url.strip();
        if (!u.startsWith("jdbc:")) {
            throw new IllegalArgumentException("must be a JDBC URL such as jdbc:mariadb://replica:3306/shop");
        }
        if (u.startsWith(MYSQL)) {
            u = MARIADB + u.substring(MYSQL.length()); // the MariaDB driver speaks MySQL's protocol
        }
        if (!u.startsWith(MARIADB)) {
            int colon = u.indexOf(':', "jdbc:".length());
            String scheme = colon < 0 ? "jdbc:" : u.substring(0, colon + 1);
            throw new IllegalArgumentException("only MariaDB/MySQL replicas are supported (jdbc:mariadb:// or "
                    + "jdbc:mysql://), found " + (scheme.matches("jdbc:[A-Za-z0-9]{1,20}:") ? scheme : "another driver"));
        }
        Configuration conf;
        Properties named = pinned();
        try {
            conf = Configuration.parse(u, named); // also adds the URL's options to 'named', as written
        } catch (SQLException | RuntimeException e) {
            conf = null; // its message may quote the URL, password included
        }
        if (conf == null) {
            throw new IllegalArgumentException("is not a URL the MariaDB driver accepts: " + FORM + " (value not shown)");
        }
        if (!HA_MODES.contains(conf.haMode())) {
            throw new IllegalArgumentException("the " + conf.haMode().name().toLowerCase(Locale.ROOT)
                    + " mode is refused: it connects to a primary (use a replica's address, or sequential/loadbalance)");
        }
        for (HostAddress a : conf.addresses()) {
            if (a.pipe != null || a.localSocket != null || a.host == null) {
                throw new IllegalArgumentException("connects through a local pipe or socket: give the replica's host name");
            }
        }
        Set<String> refused = new TreeSet<>();
        refused.addAll(namedInAnotherCase(named));
        conf.nonMappedOptions().stringPropertyNames().forEach(refused::add);
        refused.addAll(nonDefaultOptions(conf));
        refused.removeAll(ALLOWED_OPTIONS);
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("driver option" + (refused.size() == 1 ? " " : "s ")
                    + String.join(", ", refused) + " refused: only options that neither run SQL nor widen the "
                    + "session are accepted (" + String.join(", ", new TreeSet<>(ALLOWED_OPTIONS))
                    + "; timeouts are database.connectTimeoutMs and queryTimeoutSeconds)");
        }
        return u;
    }

    /**
     * Driver options the notifier always sets, to values safer than some of the driver's
     * defaults (3.5 allows LOAD DATA LOCAL INFILE by default). A URL that sets them otherwise is
     * refused by {@link #check} (the URL would win over these properties).
     */
    public static Properties pinned() {
        Properties p = new Properties();
        p.setProperty("allowLocalInfile", "false");
        p.setProperty("allowMultiQueries", "false");
        p.setProperty("permitRedirect", "false");
        return p;
    }

    /** The values of the URL's secret options (password, ...), for redaction; empty when it does not parse. */
    public static List<String> secretValues(String url) {
        List<String> out = new ArrayList<>();
        if (url == null || !(url.strip().startsWith(MARIADB) || url.strip().startsWith(MYSQL))) {
            return out;
        }
        String u = url.strip().startsWith(MYSQL) ? MARIADB + url.strip().substring(MYSQL.length()) : url.strip();
        try {
            Configuration conf = Configuration.parse(u);
            if (conf != null) {
                add(out, conf.password());
                add(out, conf.trustStorePassword());
            }
        } catch (SQLException | RuntimeException e) {
            // not parseable: check() refuses it, and nothing connects with it
        }
        return out;
    }

    private static void add(List<String> out, String v) {
        if (v != null && !v.isEmpty()) {
            out.add(v);
        }
    }

    /**
     * Option names given twice in different letter case (in the URL, or in the URL and
     * {@link #pinned()}): the driver matches names case-insensitively and which value wins then
     * depends on hash order, so the value checked here need not be the one it connects with
     * ({@code AllowMultiQueries=true} beside the pinned {@code allowMultiQueries=false}).
     */
    static Set<String> namedInAnotherCase(Properties named) {
        Map<String, String> first = new HashMap<>();
        Set<String> out = new TreeSet<>();
        for (String name : new TreeSet<>(named.stringPropertyNames())) {
            String other = first.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            if (other != null) {
                out.add(pinned().containsKey(other) ? name : other);
            }
        }
        return out;
    }

    /** Names of the driver options (the configuration's getters) whose value is not the default. */
    static Set<String> nonDefaultOptions(Configuration conf) {
        Set<String> out = new TreeSet<>();
        try {
            for (Method m : getters()) {
                Object mine = m.invoke(conf);
                Object base = m.invoke(defaults);
                boolean same = mine instanceof Object[] a && base instanceof Object[] b ? Arrays.equals(a, b)
                        : Objects.equals(mine, base);
                if (!same) {
                    out.add(m.getName());
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the MariaDB driver's configuration", e);
        }
        return out;
    }

    private static List<Method> getters() throws ReflectiveOperationException {
        if (getters == null) {
            List<Method> l = new ArrayList<>();
            for (Method m : Configuration.class.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == 0 && m.getReturnType() != void.class
                        && !STRUCTURE.contains(m.getName())) {
                    l.add(m);
                }
            }
            try {
                defaults = Configuration.parse(MARIADB + "//localhost/", pinned());
            } catch (SQLException e) {
                throw new ReflectiveOperationException(e);
            }
            getters = List.copyOf(l);
        }
        return getters;
    }
}
