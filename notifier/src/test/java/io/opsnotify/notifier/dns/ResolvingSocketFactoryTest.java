package io.opsnotify.notifier.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.Configuration;

/** The driver-facing factory: a connected socket from our lookup, or a refusal; never the JVM resolver. */
class ResolvingSocketFactoryTest {
    @Test
    void createSocket_shouldRefuse_whenNoLookupIsRegistered() throws Exception {
        ResolvingSocketFactory f = new ResolvingSocketFactory();
        f.setConfiguration(Configuration.parse("jdbc:mariadb://replica.opsnotify.test:3306/shop"), "replica.opsnotify.test");

        assertThatThrownBy(f::createSocket).isInstanceOf(SocketException.class)
                .hasMessageContaining("refusing to fall back to the JVM resolver");
    }

    @Test
    void createSocket_shouldReturnASocketConnectedToTheLookedUpAddress_tryingTheNextOnFailure() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            AtomicInteger lookups = new AtomicInteger();
            String key = ResolvingSocketFactory.register(host -> {
                lookups.incrementAndGet();
                assertThat(host).isEqualTo("replica.opsnotify.test");
                // 127.0.0.2 refuses (nothing listens there), 127.0.0.1 accepts
                return List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1"));
            });
            try {
                ResolvingSocketFactory f = new ResolvingSocketFactory();
                f.setConfiguration(Configuration.parse("jdbc:mariadb://replica.opsnotify.test:" + server.getLocalPort()
                        + "/shop?" + ResolvingSocketFactory.KEY_PROPERTY + "=" + key), "replica.opsnotify.test");

                try (Socket s = f.createSocket()) {
                    assertThat(s.isConnected()).as("the driver connects only an unconnected socket").isTrue();
                    assertThat(s.getInetAddress().getHostAddress()).isEqualTo("127.0.0.1");
                    assertThat(s.getPort()).isEqualTo(server.getLocalPort());
                }
                assertThat(lookups).hasValue(1);
            } finally {
                ResolvingSocketFactory.unregister(key);
            }
        }
    }
}
