package io.opsnotify.testkit;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A real DNS server on 127.0.0.1 (UDP and TCP on the same ephemeral port) for tests: answers A/AAAA from a table,
 * and can be told to drop, delay, SERVFAIL or NXDOMAIN chosen queries (by query number, or a
 * seeded random fraction), so resolver code is tested against the wire, with dnsjava building
 * and parsing the messages. Counts what it did, and keeps the behaviour of every query in order.
 */
public final class LocalDnsServer implements AutoCloseable {
    /** TRUNCATE: over UDP an empty reply with the TC flag (the client should retry over TCP). */
    public enum Behaviour { ANSWER, DROP, SERVFAIL, NXDOMAIN, DELAY, TRUNCATE }

    private final DatagramSocket socket;
    private final ServerSocket tcp;
    private final Thread thread;
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private final Map<String, List<String>> records = new ConcurrentHashMap<>();
    private volatile IntFunction<Behaviour> behaviour = n -> Behaviour.ANSWER;
    private final AtomicInteger queries = new AtomicInteger();
    private final Map<Behaviour, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<Behaviour> history = new CopyOnWriteArrayList<>();
    private volatile long ttlSeconds = 60;
    private volatile long delayMs = 50;
    private final ScheduledExecutorService delayer =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "local-dns-delay");
                t.setDaemon(true);
                return t;
            });

    private LocalDnsServer(DatagramSocket socket, ServerSocket tcp) {
        this.socket = socket;
        this.tcp = tcp;
        this.thread = new Thread(this::serve, "local-dns");
        this.thread.setDaemon(true);
    }

    public static LocalDnsServer start() throws SocketException {
        for (int attempt = 0; ; attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ServerSocket tcp;
            try {
                tcp = new ServerSocket(udp.getLocalPort(), 16, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                udp.close(); // the TCP port of that number is taken: another pair
                if (attempt >= 20) {
                    throw new SocketException("no free UDP+TCP port pair on loopback: " + e.getMessage());
                }
                continue;
            }
            LocalDnsServer s = new LocalDnsServer(udp, tcp);
            s.thread.start();
            Thread t = new Thread(s::serveTcp, "local-dns-tcp");
            t.setDaemon(true);
            t.start();
            return s;
        }
    }

    /** Queries that came over TCP (also counted in {@link #queries()}). */
    public int tcpQueries() {
        return tcpQueries.get();
    }

    /** DNS over TCP: two-byte length prefix; one query per connection is all clients here send. */
    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket c = tcp.accept()) {
                c.setSoTimeout(2000);
                DataInputStream in = new DataInputStream(c.getInputStream());
                byte[] q = new byte[in.readUnsignedShort()];
                in.readFully(q);
                Message query = new Message(q);
                tcpQueries.incrementAndGet();
                Behaviour b = behaviour.apply(queries.incrementAndGet());
                if (b == Behaviour.TRUNCATE || b == Behaviour.DELAY) {
                    b = Behaviour.ANSWER;
                }
                counts.computeIfAbsent(b, k -> new AtomicInteger()).incrementAndGet();
                history.add(b);
                if (b == Behaviour.DROP) {
                    continue;
                }
                byte[] out = reply(query, b).toWire();
                DataOutputStream o = new DataOutputStream(c.getOutputStream());
                o.writeShort(out.length);
                o.write(out);
                o.flush();
            } catch (IOException e) {
                if (tcp.isClosed()) {
                    return;
                }
            }
        }
    }

    /** host (without trailing dot) → addresses (IPv4 and/or IPv6 literals). */
    public LocalDnsServer answer(String host, String... addresses) {
        records.put(host.toLowerCase() + ".", List.of(addresses));
        return this;
    }

    /** What to do with query number n (1-based). */
    public LocalDnsServer behaviour(IntFunction<Behaviour> b) {
        this.behaviour = b;
        return this;
    }

    /**
     * A seeded random {@code fraction} (0..1) of queries gets {@code b}, the rest are answered:
     * the same seed gives the same sequence.
     */
    public LocalDnsServer fraction(double fraction, Behaviour b, long seed) {
        Random random = new Random(seed);
        return behaviour(n -> random.nextDouble() < fraction ? b : Behaviour.ANSWER);
    }

    /** TTL of the records answered (default 60 s). */
    public LocalDnsServer ttl(long seconds) {
        this.ttlSeconds = seconds;
        return this;
    }

    /** How late a DELAY query is answered (default 50 ms). */
    public LocalDnsServer delayMs(long ms) {
        this.delayMs = ms;
        return this;
    }

    /** What was done with each query, in arrival order. */
    public List<Behaviour> history() {
        return List.copyOf(history);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** "127.0.0.1:PORT", as resolvers are given on command lines. */
    public String hostPort() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public int queries() {
        return queries.get();
    }

    public int count(Behaviour b) {
        return counts.computeIfAbsent(b, k -> new AtomicInteger()).get();
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                Message q = new Message(Arrays.copyOf(p.getData(), p.getLength()));
                Behaviour b = behaviour.apply(queries.incrementAndGet());
                counts.computeIfAbsent(b, k -> new AtomicInteger()).incrementAndGet();
                history.add(b);
                if (b == Behaviour.DROP) {
                    continue;
                }
                byte[] out = reply(q, b).toWire();
                SocketAddress to = p.getSocketAddress();
                if (b == Behaviour.DELAY) {
                    delayer.schedule(() -> {
                        try {
                            socket.send(new DatagramPacket(out, out.length, to));
                        } catch (IOException ignored) {
                            // closed meanwhile
                        }
                    }, delayMs, TimeUnit.MILLISECONDS);
                    continue;
                }
                socket.send(new DatagramPacket(out, out.length, to));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message reply(Message q, Behaviour b) throws IOException {
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        if (q.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
        }
        Record question = q.getQuestion();
        r.addRecord(question, Section.QUESTION);
        if (b == Behaviour.SERVFAIL) {
            r.getHeader().setRcode(Rcode.SERVFAIL);
            return r;
        }
        if (b == Behaviour.TRUNCATE) {
            r.getHeader().setFlag(Flags.TC);
            return r;
        }
        Name name = question.getName();
        List<String> addrs = records.get(name.toString().toLowerCase());
        if (addrs == null || b == Behaviour.NXDOMAIN) {
            r.getHeader().setRcode(Rcode.NXDOMAIN);
            return r;
        }
        for (String a : addrs) {
            InetAddress ip = InetAddress.getByName(a);
            if (question.getType() == Type.A && ip.getAddress().length == 4) {
                r.addRecord(new ARecord(name, DClass.IN, ttlSeconds, ip), Section.ANSWER);
            } else if (question.getType() == Type.AAAA && ip.getAddress().length == 16) {
                r.addRecord(new AAAARecord(name, DClass.IN, ttlSeconds, ip), Section.ANSWER);
            }
        }
        return r;
    }

    @Override
    public void close() {
        socket.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing
        }
        delayer.shutdownNow();
    }
}
