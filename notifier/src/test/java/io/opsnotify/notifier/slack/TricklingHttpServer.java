package io.opsnotify.notifier.slack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server on 127.0.0.1 that answers every request by writing {@code prefix} at
 * once and then one more byte of {@code trickle} every {@code intervalMs}: each byte arrives
 * well inside any read timeout, so only a bound on the whole exchange ends it. Every loop is
 * bounded ({@code trickle} is finite; a write to a closed socket ends the connection).
 */
final class TricklingHttpServer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread acceptor;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger bytesTrickled = new AtomicInteger();

    TricklingHttpServer(String prefix, String trickle, long intervalMs) throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(s, prefix, trickle, intervalMs), "trickling-http-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "trickling-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/services/T0/B0/trickle-token";
    }

    int connections() {
        return connections.get();
    }

    int requests() {
        return requests.get();
    }

    int bytesTrickled() {
        return bytesTrickled.get();
    }

    private void serve(Socket s, String prefix, String trickle, long intervalMs) {
        try (s) {
            readRequest(s.getInputStream());
            requests.incrementAndGet();
            OutputStream out = s.getOutputStream();
            out.write(prefix.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] bytes = trickle.getBytes(StandardCharsets.ISO_8859_1);
            for (byte b : bytes) {
                Thread.sleep(intervalMs);
                out.write(b);
                out.flush();
                bytesTrickled.incrementAndGet();
            }
        } catch (IOException e) {
            // the client closed the connection: what a bounded client does
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the request head and its Content-Length body. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0 || head.length() > 64 * 1024) {
                throw new IOException("incomplete request");
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        in.readNBytes(length);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
