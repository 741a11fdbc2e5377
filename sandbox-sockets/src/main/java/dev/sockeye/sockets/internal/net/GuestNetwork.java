package dev.sockeye.sockets.internal.net;

import dev.sockeye.sockets.egress.EgressDecision;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressRequest;
import dev.sockeye.sockets.egress.EgressRequest.Kind;
import dev.sockeye.sockets.egress.HostNames;
import dev.sockeye.sockets.egress.TlsHandshake;
import dev.sockeye.sockets.egress.Transport;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.WasiException;
import dev.sockeye.sockets.internal.tls.HostTrust;
import dev.sockeye.sockets.limits.SandboxLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.NetClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One guest instance's link to the network: its event loop (all its sockets share one), its egress guard (every
 * lookup, connect, bind, listen, send and receive of the instance asks it here, and nowhere else), its
 * limits and byte budget, and the sockets it holds, so that everything is released when the instance ends.
 * Used from the instance's thread.
 */
public final class GuestNetwork {
    private static final int COPY_SCRATCH_BYTES = 16 * 1024;
    private final SocketRuntime runtime;
    private final EgressGuard guard;
    private final SandboxLimits limits;
    private final Handoff handoff;
    private final Set<GuestSocket> sockets = new LinkedHashSet<>();
    private long bytesIn;
    private long bytesOut;
    private byte[] copyScratch;

    public GuestNetwork(SocketRuntime runtime, EgressGuard guard, SandboxLimits limits) {
        this.runtime = runtime;
        this.guard = guard;
        this.limits = limits;
        this.handoff = new Handoff(((VertxInternal) runtime.vertx()).createEventLoopContext());
    }

    /** Opens a socket (sock_open); EMFILE beyond the instance's socket limit. */
    public GuestSocket open(AddressFamily family, Transport transport) {
        requireSocketRoom();
        return adopt(transport == Transport.TCP ? new TcpSocket(this, family) : new UdpSocket(this, family));
    }

    /** The egress choke point for sockets: asks the guard, EACCES when it denies; returns the decision. */
    EgressDecision requireAllowed(Kind kind, Transport transport, InetSocketAddress address) {
        EgressDecision decision =
                guard.check(EgressRequest.of(kind, transport, address.getAddress(), address.getPort()));
        if (!decision.permitsGuest()) {
            throw new WasiException(
                    Errno.of(EgressGuard.ACCESS_DENIED_ERRNO), kind + " " + address + " denied: " + decision.reason());
        }
        return decision;
    }

    /** The guard's judgement of a host TLS handshake on one of the instance's connections. */
    EgressDecision checkTls(EgressRequest request, TlsHandshake handshake) {
        return guard.checkTls(request, handshake);
    }

    /** Whether the guard permits a use that is not a socket call's own (a datagram's sender). */
    boolean allows(EgressRequest request) {
        return guard.check(request).permitsGuest();
    }

    /**
     * sock_getaddrinfo of a name (not a literal): the guard must allow the LOOKUP, then the canonical name the guard
     * judged is resolved (never the guest's own spelling), and the guest sees only the addresses the guard admits
     * and pins. A refusal looks to the guest like a name that does not exist.
     */
    public List<InetAddress> lookUp(String name) {
        EgressDecision decision = guard.check(EgressRequest.lookup(name));
        if (!decision.permitsGuest()) {
            throw new WasiException(
                    Errno.of(EgressGuard.LOOKUP_DENIED_ERRNO), "lookup of " + name + " denied: " + decision.reason());
        }
        String canonical = HostNames.canonicalName(name);
        if (canonical == null) {
            throw new WasiException(Errno.AINONAME, name + " is not a host name");
        }
        // A lookup may take as long as a connect before the guest gets EAI_AGAIN.
        long deadline = Handoff.deadlineAfterMillis(limits.connectTimeout().toMillis());
        var outcome = handoff.awaitLoopResult(() -> runtime.resolver().resolve(canonical), deadline);
        if (outcome == null) {
            throw new WasiException(Errno.AIAGAIN, "lookup of " + name + " timed out");
        }
        if (outcome.failed()) {
            throw new WasiException(
                    outcome.cause() instanceof UnknownHostException ? Errno.AINONAME : Errno.AIFAIL,
                    "lookup of " + name + ": " + outcome.cause().getMessage());
        }
        List<InetAddress> admitted = guard.admitResolved(name, outcome.result());
        if (admitted.isEmpty()) {
            throw new WasiException(Errno.AINONAME, "no address of " + name + " is allowed");
        }
        return admitted;
    }

    void requireSocketRoom() {
        if (sockets.size() >= limits.maxOpenSockets()) {
            throw new WasiException(Errno.MFILE, "instance holds " + sockets.size() + " sockets, the limit");
        }
    }

    <T extends GuestSocket> T adopt(T socket) {
        sockets.add(socket);
        runtime.counters().opened();
        return socket;
    }

    void forget(GuestSocket socket) {
        if (sockets.remove(socket)) {
            runtime.counters().closed();
        }
    }

    /** Starts a listener on a claimed address; EADDRINUSE if a guest of this sandbox already listens there. */
    TcpListener listen(InetSocketAddress address, Supplier<Future<TcpListener>> start) {
        if (!runtime.claimListenAddress(address)) {
            throw new WasiException(Errno.ADDRINUSE, address + " is in use");
        }
        var started = handoff.awaitLoopResult(start, Long.MAX_VALUE);
        if (started.failed()) {
            runtime.releaseListenAddress(address);
            throw new WasiException(
                    NetworkErrnos.of(started.cause()),
                    "listen on " + address + ": " + started.cause().getMessage());
        }
        if (address.getPort() == 0) {
            runtime.recordListenAddress(started.result().local());
        }
        return started.result();
    }

    void stopListening(TcpListener listener) {
        listener.close();
        runtime.releaseListenAddress(listener.local());
    }

    /** Bytes the instance may still receive. */
    long inboundAllowance() {
        return Math.max(0, limits.maxBytesIn() - bytesIn);
    }

    /** Bytes the instance may still send. */
    long outboundAllowance() {
        return Math.max(0, limits.maxBytesOut() - bytesOut);
    }

    void chargeIn(long count) {
        bytesIn += count;
        runtime.counters().received(count);
    }

    void chargeOut(long count) {
        bytesOut += count;
        runtime.counters().sent(count);
    }

    /** Bytes this instance received and sent through its sockets. */
    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    /**
     * The instance's array for copying received bytes from direct buffers into guest memory, which takes only arrays;
     * allocated on first use. Small enough to stay in cache, large enough that each piece costs little.
     */
    byte[] copyScratch() {
        if (copyScratch == null) {
            copyScratch = new byte[COPY_SCRATCH_BYTES];
        }
        return copyScratch;
    }

    /** The instance's one hand-off: its sockets' state, and the waits of calls on several sockets (poll_oneoff). */
    public Handoff handoff() {
        return handoff;
    }

    NetClient netClient() {
        return runtime.client(limits);
    }

    Vertx vertx() {
        return runtime.vertx();
    }

    HostTrust hostTrust() {
        return runtime.hostTrust();
    }

    SandboxLimits limits() {
        return limits;
    }

    SocketCounters counters() {
        return runtime.counters();
    }

    /** Closes every socket the instance still holds. */
    public void close() {
        for (GuestSocket socket : new ArrayList<>(sockets)) {
            socket.close();
        }
    }
}
