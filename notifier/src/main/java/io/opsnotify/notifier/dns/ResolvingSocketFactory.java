package io.opsnotify.notifier.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.HostAddress;
import org.mariadb.jdbc.util.ConfigurableSocketFactory;

/**
 * MariaDB Connector/J's {@code socketFactory}: hands the driver a socket that is already
 * connected to an address found by the notifier's resolver, so the driver never builds an
 * {@code InetSocketAddress(host, port)} of its own (which would ask the JVM's resolver). The
 * driver keeps the host <em>name</em> for everything else, TLS hostname verification included.
 *
 * <p>The driver instantiates this class by name with no arguments, so it finds its lookup
 * through a key passed as the connection property {@value #KEY_PROPERTY} (kept by the driver
 * among its non-mapped options). Without a registered lookup it refuses to connect rather than
 * fall back to the JVM resolver.
 */
public final class ResolvingSocketFactory extends ConfigurableSocketFactory {
    public static final String KEY_PROPERTY = "opsnotifyResolverKey";

    /** Where a connection attempt finds the addresses of a host. */
    @FunctionalInterface
    public interface HostLookup {
        List<InetAddress> addresses(String host) throws IOException;
    }

    private static final Map<String, HostLookup> LOOKUPS = new ConcurrentHashMap<>();
    private static final AtomicLong KEYS = new AtomicLong();

    private String host;
    private int port = 3306;
    private int connectTimeoutMs;
    private HostLookup lookup;

    /** Registers a lookup; returns the key to pass as {@value #KEY_PROPERTY}. */
    public static String register(HostLookup lookup) {
        String key = "r" + KEYS.incrementAndGet();
        LOOKUPS.put(key, lookup);
        return key;
    }

    public static void unregister(String key) {
        LOOKUPS.remove(key);
    }

    public ResolvingSocketFactory() {
        // the driver calls setConfiguration next
    }

    @Override
    public void setConfiguration(Configuration conf, String host) {
        this.host = host;
        this.connectTimeoutMs = conf.connectTimeout();
        for (HostAddress a : conf.addresses()) {
            if (host.equals(a.host)) {
                this.port = a.port;
                break;
            }
        }
        String key = conf.nonMappedOptions().getProperty(KEY_PROPERTY);
        this.lookup = key == null ? null : LOOKUPS.get(key);
    }

    /** The driver's only call: returns a connected socket, so the driver does not connect (or look up) itself. */
    @Override
    public Socket createSocket() throws IOException {
        if (lookup == null) {
            throw new SocketException("no opsnotify resolver registered for " + host
                    + ": refusing to fall back to the JVM resolver");
        }
        IOException last = null;
        for (InetAddress ip : lookup.addresses(host)) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(ip, port), connectTimeoutMs);
                return s;
            } catch (IOException e) {
                s.close();
                last = e;
            }
        }
        throw last != null ? last : new SocketException("no address for " + host);
    }

    @Override
    public Socket createSocket(String h, int p) throws IOException {
        throw new SocketException("not used by the driver");
    }

    @Override
    public Socket createSocket(String h, int p, InetAddress localHost, int localPort) throws IOException {
        throw new SocketException("not used by the driver");
    }

    @Override
    public Socket createSocket(InetAddress h, int p) throws IOException {
        throw new SocketException("not used by the driver");
    }

    @Override
    public Socket createSocket(InetAddress h, int p, InetAddress localAddress, int localPort) throws IOException {
        throw new SocketException("not used by the driver");
    }
}
