package io.opsnotify.testkit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * A real DNS server on 127.0.0.1 (UDP, ephemeral port) for tests: answers A/AAAA from a table,
 * and can be told to drop, SERVFAIL or NXDOMAIN chosen queries, so resolver code is tested
 * against the wire, with dnsjava building and parsing the messages. Counts what it did.
 */
public final class LocalDnsServer implements AutoCloseable {
    public enum Behaviour { ANSWER, DROP, SERVFAIL, NXDOMAIN }

    private final DatagramSocket socket;
    private final Thread thread;
    private final Map<String, List<String>> records = new ConcurrentHashMap<>();
    private volatile IntFunction<Behaviour> behaviour = n -> Behaviour.ANSWER;
    private final AtomicInteger queries = new AtomicInteger();
    private final Map<Behaviour, AtomicInteger> counts = new ConcurrentHashMap<>();

    private LocalDnsServer(DatagramSocket socket) {
        this.socket = socket;
        this.thread = new Thread(this::serve, "local-dns");
        this.thread.setDaemon(true);
    }

    public static LocalDnsServer start() throws SocketException {
        LocalDnsServer s = new LocalDnsServer(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        s.thread.start();
        return s;
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
                Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                Behaviour b = behaviour.apply(queries.incrementAndGet());
                counts.computeIfAbsent(b, k -> new AtomicInteger()).incrementAndGet();
                if (b == Behaviour.DROP) {
                    continue;
                }
                byte[] out = reply(q, b).toWire();
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
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
        Name name = question.getName();
        List<String> addrs = records.get(name.toString().toLowerCase());
        if (addrs == null || b == Behaviour.NXDOMAIN) {
            r.getHeader().setRcode(Rcode.NXDOMAIN);
            return r;
        }
        for (String a : addrs) {
            InetAddress ip = InetAddress.getByName(a);
            if (question.getType() == Type.A && ip.getAddress().length == 4) {
                r.addRecord(new ARecord(name, DClass.IN, 60, ip), Section.ANSWER);
            } else if (question.getType() == Type.AAAA && ip.getAddress().length == 16) {
                r.addRecord(new AAAARecord(name, DClass.IN, 60, ip), Section.ANSWER);
            }
        }
        return r;
    }

    @Override
    public void close() {
        socket.close();
    }
}
