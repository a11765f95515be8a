package io.opsnotify.notifier.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.PortUnreachableException;
import java.util.Arrays;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The only class that touches dnsjava: one query to one server. Kept apart so that a notifier
 * whose hosts are IP literals or /etc/hosts entries never loads dnsjava (cold start).
 */
public final class DnsWire {
    /** What one query got. */
    public enum Kind { OK, TIMEOUT, SERVFAIL, NXDOMAIN, NODATA, ERROR }

    /** @param ttlSeconds the smallest TTL of the addresses (0 when none) */
    public record Reply(Kind kind, List<InetAddress> addresses, long ttlSeconds, long latencyNanos, String detail) {
    }

    private DnsWire() {
    }

    /**
     * One UDP exchange on a plain blocking socket: dnsjava's own client (NIO selector thread,
     * futures) costs more classes at cold start than the whole exchange needs. Replies whose id
     * or question do not match are ignored until the timeout, like a stub resolver does.
     */
    static Message udp(InetSocketAddress server, Message query, Duration timeout) throws IOException {
        byte[] out = query.toWire();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(server);
            socket.send(new DatagramPacket(out, out.length));
            byte[] buf = new byte[4096];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException("timed out");
                }
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                socket.receive(in);
                Message reply;
                try {
                    reply = new Message(Arrays.copyOf(in.getData(), in.getLength()));
                } catch (IOException malformed) {
                    continue;
                }
                if (reply.getHeader().getID() == query.getHeader().getID() && reply.getQuestion() != null
                        && reply.getQuestion().getName().equals(query.getQuestion().getName())
                        && reply.getQuestion().getType() == query.getQuestion().getType()) {
                    return reply;
                }
            }
        }
    }

    /** The system's resolvers (dnsjava reads /etc/resolv.conf and friends). */
    public static List<InetSocketAddress> systemServers() {
        return ResolverConfig.getCurrentConfig().servers();
    }

    /** Never "null": a refused UDP query (ICMP port unreachable) has no message. */
    static String describe(IOException e) {
        if (e instanceof PortUnreachableException) {
            return "refused (ICMP port unreachable)";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** One query, no retry: the caller decides what to do about a failure. */
    public static Reply query(InetSocketAddress server, String host, boolean ipv6, Duration timeout) {
        long start = System.nanoTime();
        Name name;
        try {
            name = Name.fromString(host.endsWith(".") ? host : host + ".");
        } catch (TextParseException e) {
            return new Reply(Kind.ERROR, List.of(), 0, 0, "not a hostname: " + host);
        }
        int type = ipv6 ? Type.AAAA : Type.A;
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        Message response;
        try {
            response = udp(server, query, timeout);
            if (response.getHeader().getFlag(Flags.TC)) {
                // truncated: ask again over TCP (dnsjava's client; rare for A/AAAA of one host)
                SimpleResolver r = new SimpleResolver(server);
                r.setTimeout(timeout);
                r.setTCP(true);
                response = r.send(query);
            }
        } catch (SocketTimeoutException e) {
            return new Reply(Kind.TIMEOUT, List.of(), 0, System.nanoTime() - start, "timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            // dnsjava reports its own timeout as a plain IOException ("Timed out while trying to resolve ...")
            boolean timedOut = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("timed out");
            return new Reply(timedOut ? Kind.TIMEOUT : Kind.ERROR, List.of(), 0, System.nanoTime() - start,
                    timedOut ? "timed out after " + timeout.toMillis() + " ms" : describe(e));
        }
        long latency = System.nanoTime() - start;
        int rcode = response.getRcode();
        if (rcode == Rcode.SERVFAIL) {
            return new Reply(Kind.SERVFAIL, List.of(), 0, latency, "SERVFAIL");
        }
        if (rcode == Rcode.NXDOMAIN) {
            return new Reply(Kind.NXDOMAIN, List.of(), 0, latency, "NXDOMAIN");
        }
        if (rcode != Rcode.NOERROR) {
            return new Reply(Kind.ERROR, List.of(), 0, latency, Rcode.string(rcode));
        }
        List<InetAddress> out = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (Record rec : response.getSection(Section.ANSWER)) {
            if (rec instanceof ARecord a && !ipv6) {
                out.add(a.getAddress());
                ttl = Math.min(ttl, rec.getTTL());
            } else if (rec instanceof AAAARecord aaaa && ipv6) {
                out.add(aaaa.getAddress());
                ttl = Math.min(ttl, rec.getTTL());
            }
        }
        if (out.isEmpty()) {
            return new Reply(Kind.NODATA, List.of(), 0, latency, "no " + Type.string(type) + " record");
        }
        return new Reply(Kind.OK, List.copyOf(out), ttl, latency, "");
    }
}
