package dev.sockeye.sockets.internal.net;

import dev.sockeye.sockets.egress.EgressDecision;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressRequest;
import dev.sockeye.sockets.egress.TlsHandshake;
import dev.sockeye.sockets.egress.TlsHandshake.FailureKind;
import dev.sockeye.sockets.internal.fd.Descriptor;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.WasiException;
import dev.sockeye.sockets.internal.tls.TlsOutcomes;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.List;
import javax.net.ssl.SSLEngine;

/**
 * One host TLS upgrade of a guest's TCP connection ({@code sock_tls_connect}): the handshake on the connection's
 * channel (the loop does the work), then the guard's judgement of its outcome on the guest thread. A blocking
 * socket waits for both in {@link #run}; a non-blocking one {@link #begin}s the handshake, polls {@link #readiness}
 * and has it judged by {@link #settle} once it ended. Any failure or denial leaves the connection closed and
 * unusable; the guest gets the handshake's errno or EACCES.
 */
final class HostTlsUpgrade {
    /** Time the handshake may take beyond the connect timeout before the guest stops waiting for the loop. */
    private static final long LOOP_GRACE_MILLIS = 1_000;

    private final GuestNetwork network;
    private final TcpConnection connection;
    private final String serverName;
    private final SSLEngine engine;
    private final long timeoutMillis;
    /** How the handshake ended, set on the loop; null while it runs. (locked) */
    private AsyncResult<SSLEngine> outcome;

    private HostTlsUpgrade(GuestNetwork network, TcpConnection connection, String serverName, List<String> alpn) {
        this.network = network;
        this.connection = connection;
        this.serverName = serverName;
        this.timeoutMillis = network.limits().connectTimeout().toMillis();
        this.engine =
                network.hostTrust().newEngine(serverName, connection.peer().getPort(), alpn);
    }

    /** Runs the handshake and waits for it; returns what it established, or throws the errno the guest gets. */
    static TlsHandshake run(GuestNetwork network, TcpConnection connection, String serverName, List<String> alpn) {
        var upgrade = new HostTlsUpgrade(network, connection, serverName, alpn);
        var ended = network.handoff()
                .awaitLoopResult(
                        upgrade::startOnLoop, Handoff.deadlineAfterMillis(upgrade.timeoutMillis + LOOP_GRACE_MILLIS));
        return upgrade.judge(ended);
    }

    /** Starts the handshake without waiting (a non-blocking socket); {@link #settle} it once it {@link #ended}. */
    static HostTlsUpgrade begin(GuestNetwork network, TcpConnection connection, String serverName, List<String> alpn) {
        var upgrade = new HostTlsUpgrade(network, connection, serverName, alpn);
        Handoff handoff = network.handoff();
        handoff.onLoop(
                () -> upgrade.startOnLoop().onComplete(result -> handoff.signal(() -> upgrade.outcome = result)));
        return upgrade;
    }

    private Future<SSLEngine> startOnLoop() {
        try {
            return connection.startTls(engine, timeoutMillis);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** Whether the handshake ended (call under the hand-off's lock). */
    boolean ended() {
        return outcome != null;
    }

    /**
     * Poll readiness while the upgrade is unjudged (under the lock): nothing while the handshake runs, then
     * writable (with hang-up if it failed), as a non-blocking connect reports its end.
     */
    int readiness() {
        if (outcome == null) {
            return 0;
        }
        return outcome.failed()
                ? Descriptor.WRITABLE | Descriptor.HANGUP
                : connection.readiness() | Descriptor.WRITABLE;
    }

    /** Judges the ended handshake of a non-blocking upgrade: what it established, or the errno the guest gets. */
    TlsHandshake settle() {
        return judge(network.handoff().underLock(() -> outcome));
    }

    /** The guard's judgement of a handshake's outcome (null: it did not end in time). */
    private TlsHandshake judge(AsyncResult<SSLEngine> ended) {
        TlsHandshake handshake;
        if (ended == null) {
            handshake = TlsOutcomes.failed(serverName, FailureKind.TIMEOUT, "the handshake did not finish in time");
        } else if (ended.failed()) {
            handshake = ended.cause() instanceof TcpConnection.PlaintextBeforeHandshake plaintext
                    ? TlsOutcomes.failed(serverName, FailureKind.PROTOCOL, plaintext.getMessage())
                    : TlsOutcomes.failed(serverName, ended.cause());
        } else {
            handshake = TlsOutcomes.established(serverName, engine);
        }
        var request = EgressRequest.tls(
                serverName, connection.peer().getAddress(), connection.peer().getPort());
        EgressDecision decision = network.checkTls(request, handshake);
        if (!handshake.verified()) {
            connection.close();
            throw new WasiException(
                    TlsOutcomes.errnoOf(handshake.failureKind()),
                    "host TLS to " + serverName + ": " + handshake.failure());
        }
        if (!decision.permitsGuest()) {
            connection.close();
            throw new WasiException(
                    Errno.of(EgressGuard.ACCESS_DENIED_ERRNO),
                    "host TLS to " + serverName + " denied: " + decision.reason());
        }
        return handshake;
    }
}
