package dev.sockeye.sockets.internal.wasi;

import static dev.sockeye.sockets.internal.wasi.HostCall.errnoCall;

import dev.sockeye.sockets.egress.Transport;
import dev.sockeye.sockets.internal.fd.Descriptor;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.IoVecs;
import dev.sockeye.sockets.internal.fd.WasiException;
import dev.sockeye.sockets.internal.net.AddressFamily;
import dev.sockeye.sockets.internal.net.GuestSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The socket calls of {@code wasi_snapshot_preview1}: preview1's sock_accept/recv/send/shutdown and WasmEdge's
 * extension, in its V1 and V2 forms. V1 and V2 share names and differ in signature; the V2 forms are also
 * exported under {@code *_v2} names. Options, local/peer addresses and lookups live in
 * {@link SocketOptionCalls} and {@link AddrInfoCalls}.
 */
final class SocketCalls {
    private static final int SOCK_TYPE_ANY = 0;
    private static final int SOCK_TYPE_DGRAM = 1;
    private static final int SOCK_TYPE_STREAM = 2;

    private SocketCalls() {}

    private static List<HostCall> calls() {
        var calls = new ArrayList<HostCall>();
        calls.add(errnoCall("sock_open", 3, (c, a) -> open(c, (int) a[0], (int) a[1], (int) a[2])));
        calls.add(errnoCall("sock_bind", 3, (c, a) -> {
            socket(c, a[0]).bind(GuestAddresses.read(c.memory(), (int) a[1], (int) a[2]));
            return 0;
        }));
        calls.add(errnoCall("sock_connect", 3, (c, a) -> {
            socket(c, a[0]).connect(GuestAddresses.read(c.memory(), (int) a[1], (int) a[2]));
            return 0;
        }));
        calls.add(errnoCall("sock_listen", 2, (c, a) -> {
            socket(c, a[0]).listen((int) a[1]);
            return 0;
        }));
        calls.add(errnoCall("sock_accept", 2, (c, a) -> accept(c, (int) a[0], 0, (int) a[1])));
        HostCall acceptV2 = errnoCall("sock_accept", 3, (c, a) -> accept(c, (int) a[0], (int) a[1], (int) a[2]));
        calls.add(acceptV2);
        calls.add(renamed(acceptV2, "sock_accept_v2"));
        calls.add(errnoCall("sock_recv", 6, (c, a) -> recv(c, a)));
        calls.add(errnoCall("sock_recv_from", 7, (c, a) -> recvFrom(c, a, false)));
        HostCall recvFromV2 = errnoCall("sock_recv_from", 8, (c, a) -> recvFrom(c, a, true));
        calls.add(recvFromV2);
        calls.add(renamed(recvFromV2, "sock_recv_from_v2"));
        calls.add(errnoCall("sock_send", 5, (c, a) -> send(c, a)));
        calls.add(errnoCall("sock_send_to", 7, (c, a) -> sendTo(c, a)));
        calls.add(errnoCall("sock_shutdown", 2, (c, a) -> {
            socket(c, a[0]).shutdown((int) a[1]);
            return 0;
        }));
        // WasmEdge also exports these under *_v2 names, with the same signatures (V2 guests pass the 128-byte
        // address form, which every address-reading call here accepts).
        for (HostCall call : List.copyOf(calls)) {
            if (SAME_SIGNATURE_V2_NAMES.contains(call.name())) {
                calls.add(renamed(call, call.name() + "_v2"));
            }
        }
        calls.addAll(SocketOptionCalls.CALLS);
        calls.add(AddrInfoCalls.GETADDRINFO);
        return List.copyOf(calls);
    }

    private static final Set<String> SAME_SIGNATURE_V2_NAMES =
            Set.of("sock_open", "sock_bind", "sock_connect", "sock_listen", "sock_recv", "sock_send", "sock_send_to");

    static final List<HostCall> CALLS = calls();

    static HostCall renamed(HostCall call, String name) {
        return new HostCall(name, call.type(), call.body());
    }

    /** The socket at {@code fd}: EBADF if there is nothing, ENOTSOCK if it is not a socket. */
    static GuestSocket socket(GuestContext context, long fd) {
        return context.fds().get((int) fd, GuestSocket.class, Errno.NOTSOCK);
    }

    private static int open(GuestContext context, int familyCode, int socketType, int fdOut) {
        context.memory().checkRange(fdOut, 4);
        var family = AddressFamily.ofCode(familyCode);
        Transport transport = switch (socketType) {
            case SOCK_TYPE_ANY, SOCK_TYPE_STREAM -> Transport.TCP;
            case SOCK_TYPE_DGRAM -> Transport.UDP;
            default -> throw new WasiException(Errno.PROTOTYPE, "socket type " + socketType);
        };
        GuestSocket socket = context.network().open(family, transport);
        install(context, socket, fdOut);
        return 0;
    }

    private static int accept(GuestContext context, int fd, int fdFlags, int fdOut) {
        context.memory().checkRange(fdOut, 4);
        GuestSocket accepted = socket(context, fd).accept();
        accepted.setFdFlags(fdFlags & Descriptor.FDFLAG_NONBLOCK);
        install(context, accepted, fdOut);
        return 0;
    }

    /** Puts a new socket in the fd table and tells the guest its number; closes it if that fails. */
    private static void install(GuestContext context, GuestSocket socket, int fdOut) {
        try {
            int fd = context.fds().add(socket);
            context.memory().writeI32(fdOut, fd);
        } catch (WasiException e) {
            socket.close();
            throw e;
        }
    }

    /** sock_recv(fd, iovs, iovs_len, ri_flags, nread*, ro_flags*). */
    private static int recv(GuestContext context, long[] a) {
        var memory = context.memory();
        int nreadOut = (int) a[4];
        int roFlagsOut = (int) a[5];
        memory.checkRange(nreadOut, 4);
        memory.checkRange(roFlagsOut, 2);
        var socket = socket(context, a[0]);
        long result = socket.receive(memory, IoVecs.read(memory, (int) a[1], (int) a[2]), (int) a[3]);
        memory.writeI32(nreadOut, (int) result);
        memory.writeU16(roFlagsOut, (int) (result >>> 32));
        return 0;
    }

    /**
     * V1: (fd, iovs, iovs_len, address*, ri_flags, nread*, ro_flags*) writes the sender address only;
     * V2: (fd, iovs, iovs_len, address*, ri_flags, port*, nread*, ro_flags*) also writes the port, as 16 bits
     * like WasmEdge does.
     */
    private static int recvFrom(GuestContext context, long[] a, boolean v2) {
        var memory = context.memory();
        int address = (int) a[3];
        int portOut = v2 ? (int) a[5] : 0;
        int nreadOut = (int) a[v2 ? 6 : 5];
        int roFlagsOut = (int) a[v2 ? 7 : 6];
        memory.checkRange(address, 8);
        memory.checkRange(nreadOut, 4);
        memory.checkRange(roFlagsOut, 2);
        if (v2) {
            memory.checkRange(portOut, 2);
        }
        var socket = socket(context, a[0]);
        var received = socket.receiveFrom(memory, IoVecs.read(memory, (int) a[1], (int) a[2]), (int) a[4]);
        if (received.peer() != null) {
            GuestAddresses.write(memory, address, received.peer().getAddress());
            if (v2) {
                memory.writeU16(portOut, received.peer().getPort());
            }
        }
        memory.writeI32(nreadOut, received.bytes());
        memory.writeU16(roFlagsOut, received.roFlags());
        return 0;
    }

    /** sock_send(fd, ciovs, ciovs_len, si_flags, nwritten*). */
    private static int send(GuestContext context, long[] a) {
        var memory = context.memory();
        int nwrittenOut = (int) a[4];
        memory.checkRange(nwrittenOut, 4);
        var socket = socket(context, a[0]);
        memory.writeI32(nwrittenOut, socket.send(memory, IoVecs.read(memory, (int) a[1], (int) a[2])));
        return 0;
    }

    /** sock_send_to(fd, ciovs, ciovs_len, address*, port, si_flags, nwritten*). */
    private static int sendTo(GuestContext context, long[] a) {
        var memory = context.memory();
        int nwrittenOut = (int) a[6];
        memory.checkRange(nwrittenOut, 4);
        var socket = socket(context, a[0]);
        var destination = GuestAddresses.read(memory, (int) a[3], (int) a[4]);
        var data = IoVecs.read(memory, (int) a[1], (int) a[2]);
        memory.writeI32(nwrittenOut, socket.sendTo(memory, data, destination));
        return 0;
    }
}
