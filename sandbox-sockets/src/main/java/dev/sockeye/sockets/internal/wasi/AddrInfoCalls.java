package dev.sockeye.sockets.internal.wasi;

import dev.sockeye.sockets.egress.HostNames;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.WasiException;
import dev.sockeye.sockets.internal.net.AddressFamily;
import dev.sockeye.sockets.internal.net.GuestNetwork;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * sock_getaddrinfo: name lookups for guests, through the egress guard. A literal IP needs no lookup; any other
 * node is a name, which the guard must allow before anything is resolved, and whose results the guard filters
 * and pins. Results are written into the guest's pre-allocated chain of addrinfo entries, the way WasmEdge writes
 * them (sa_data holds the native sockaddr from the port on).
 */
final class AddrInfoCalls {
    /** Hint and result flags. */
    private static final int AI_PASSIVE = 1;

    private static final int AI_CANONNAME = 1 << 1;
    private static final int AI_NUMERICHOST = 1 << 2;
    private static final int AI_NUMERICSERV = 1 << 3;
    private static final int KNOWN_FLAGS = (1 << 7) - 1;
    private static final int SOCK_ANY = 0;
    private static final int SOCK_DGRAM = 1;
    private static final int SOCK_STREAM = 2;
    private static final int PROTO_IP = 0;
    private static final int PROTO_TCP = 1;
    private static final int PROTO_UDP = 2;
    /** Longest node or service accepted, as DNS names are at most 253 characters. */
    private static final int MAX_NAME_BYTES = 1024;

    private static final Map<String, Integer> SERVICES = Map.of(
            "http",
            80,
            "https",
            443,
            "ftp",
            21,
            "ssh",
            22,
            "smtp",
            25,
            "domain",
            53,
            "postgresql",
            5432,
            "mysql",
            3306,
            "redis",
            6379,
            "amqp",
            5672);

    private AddrInfoCalls() {}

    static final HostCall GETADDRINFO = HostCall.errnoCall(
            "sock_getaddrinfo",
            8,
            (c, a) -> getAddrInfo(
                    c, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5], (int) a[6], (int) a[7]));

    private record Hints(int flags, int family, int socketType, int protocol) {}

    private static int getAddrInfo(
            GuestContext context,
            int node,
            int nodeLength,
            int service,
            int serviceLength,
            int hintsAddress,
            int resultAddress,
            int maxResults,
            int resultCountOut) {
        var memory = context.memory();
        String nodeName = readName(memory, node, nodeLength);
        String serviceName = readName(memory, service, serviceLength);
        var hints = new Hints(
                memory.readU16(hintsAddress),
                memory.readU8(hintsAddress + 2),
                memory.readU8(hintsAddress + 3),
                memory.readU8(hintsAddress + 4));
        int firstEntry = memory.readI32(resultAddress);
        memory.checkRange(resultCountOut, 4);
        if (nodeName.isEmpty() && serviceName.isEmpty()) {
            return Errno.AINONAME.code();
        }
        if (maxResults < 1) {
            return Errno.AIMEMORY.code();
        }
        if ((hints.flags & ~KNOWN_FLAGS) != 0 || (hints.flags & AI_CANONNAME) != 0 && nodeName.isEmpty()) {
            return Errno.AIBADFLAG.code();
        }
        if (hints.family > 2) {
            return Errno.AIFAMILY.code();
        }
        if (hints.socketType > SOCK_STREAM || hints.protocol > PROTO_UDP) {
            return Errno.AISOCKTYPE.code();
        }
        int port = port(serviceName, hints);
        List<InetAddress> addresses = addresses(context.network(), nodeName, hints);
        var matching = new ArrayList<InetAddress>();
        for (InetAddress address : addresses) {
            if (hints.family == 0 || AddressFamily.of(address).code() == hints.family) {
                matching.add(address);
            }
        }
        if (matching.isEmpty()) {
            return Errno.AINODATA.code();
        }
        int written = writeEntries(memory, firstEntry, matching, Math.min(maxResults, matching.size()), port, hints);
        memory.writeI32(resultCountOut, written);
        return 0;
    }

    private static String readName(GuestMemory memory, int address, int length) {
        memory.checkRange(address, Integer.toUnsignedLong(length));
        if (Integer.toUnsignedLong(length) > MAX_NAME_BYTES) {
            throw new WasiException(Errno.INVAL, "name of " + Integer.toUnsignedLong(length) + " bytes");
        }
        String text = memory.readString(address, length);
        int end = text.indexOf('\0');
        return end >= 0 ? text.substring(0, end) : text;
    }

    private static int port(String service, Hints hints) {
        if (service.isEmpty()) {
            return 0;
        }
        if (service.chars().allMatch(Character::isDigit) && service.length() <= 5) {
            int port = Integer.parseInt(service);
            if (port <= 65535) {
                return port;
            }
        }
        Integer known = (hints.flags & AI_NUMERICSERV) == 0 ? SERVICES.get(service.toLowerCase(Locale.ROOT)) : null;
        if (known == null) {
            throw new WasiException(Errno.AISERVICE, "service " + service);
        }
        return known;
    }

    private static List<InetAddress> addresses(GuestNetwork network, String node, Hints hints) {
        if (node.isEmpty()) {
            var family = hints.family == AddressFamily.INET6.code() ? AddressFamily.INET6 : AddressFamily.INET4;
            return List.of((hints.flags & AI_PASSIVE) != 0 ? family.wildcard() : family.loopback());
        }
        InetAddress literal = literal(node);
        if (literal != null) {
            return List.of(literal);
        }
        if ((hints.flags & AI_NUMERICHOST) != 0) {
            throw new WasiException(Errno.AINONAME, node + " is not a numeric host");
        }
        return network.lookUp(node);
    }

    /** The address a canonical IPv4 or IPv6 literal spells, or null for anything else. */
    static InetAddress literal(String node) {
        try {
            // Only the canonical dotted quad is a literal; "0x7f.1" or "2130706433" are names (and fail as such).
            if (HostNames.parseStrictIpv4(node) >= 0) {
                return Inet4Address.ofLiteral(node);
            }
            if (node.indexOf(':') >= 0) {
                String bare = node.startsWith("[") && node.endsWith("]") ? node.substring(1, node.length() - 1) : node;
                return Inet6Address.ofLiteral(bare);
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    /**
     * Fills the guest's chain: entry = {u16 flags @0, u8 family @2, u8 socktype @3, u8 protocol @4, u32 addrlen @8,
     * u32 addr @12, u32 canonname @16, u32 canonname_len @20, u32 next @24}; addr points at a sockaddr
     * {u8 family @0, u32 data_len @4, u32 data @8} whose data gets the native sockaddr from sin_port on.
     */
    private static int writeEntries(
            GuestMemory memory, int firstEntry, List<InetAddress> addresses, int count, int port, Hints hints) {
        int entry = firstEntry;
        int socketType = hints.socketType == SOCK_ANY ? SOCK_STREAM : hints.socketType;
        int protocol = hints.protocol != PROTO_IP ? hints.protocol : socketType == SOCK_DGRAM ? PROTO_UDP : PROTO_TCP;
        for (int i = 0; i < count; i++) {
            InetAddress address = addresses.get(i);
            boolean v6 = address instanceof Inet6Address;
            memory.checkRange(entry, 28);
            memory.writeU16(entry, hints.flags & (AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV));
            memory.writeU8(entry + 2, AddressFamily.of(address).code());
            memory.writeU8(entry + 3, socketType);
            memory.writeU8(entry + 4, protocol);
            memory.writeI32(entry + 8, v6 ? 28 : 16);
            memory.writeI32(entry + 20, 0);
            int sockaddr = memory.readI32(entry + 12);
            int data = memory.readI32(sockaddr + 8);
            byte[] native6 = new byte[v6 ? 26 : 14];
            native6[0] = (byte) (port >>> 8);
            native6[1] = (byte) port;
            System.arraycopy(address.getAddress(), 0, native6, v6 ? 6 : 2, v6 ? 16 : 4);
            memory.write(data, native6);
            memory.writeU8(sockaddr, AddressFamily.of(address).code());
            memory.writeI32(sockaddr + 4, native6.length);
            if (i + 1 < count) {
                entry = memory.readI32(entry + 24);
            }
        }
        return count;
    }
}
