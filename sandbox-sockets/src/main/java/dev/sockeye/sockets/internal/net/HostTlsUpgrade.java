package dev.sockeye.sockets.internal.net;

import dev.sockeye.sockets.egress.EgressDecision;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressRequest;
import dev.sockeye.sockets.egress.TlsHandshake;
import dev.sockeye.sockets.egress.TlsHandshake.FailureKind;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.WasiException;
import dev.sockeye.sockets.internal.tls.TlsOutcomes;
import java.util.List;
import javax.net.ssl.SSLEngine;

/**
 * One host TLS upgrade of a guest's TCP connection ({@code sock_tls_connect}): the handshake on the connection's
 * channel (guest thread waits, the loop does the work), then the guard's judgement of its outcome. Any failure or
 * denial leaves the connection closed and unusable; the guest gets the handshake's errno or EACCES.
 */
final class HostTlsUpgrade {
    /** Time the handshake may take beyond the connect timeout before the guest stops waiting for the loop. */
    private static final long LOOP_GRACE_MILLIS = 1_000;

    private HostTlsUpgrade() {}

    /** Runs the handshake; returns what it established, or throws the errno the guest gets. */
    static TlsHandshake run(GuestNetwork network, TcpConnection connection, String serverName, List<String> alpn) {
        long timeoutMillis = network.limits().connectTimeout().toMillis();
        SSLEngine engine =
                network.hostTrust().newEngine(serverName, connection.peer().getPort(), alpn);
        var outcome = network.handoff()
                .awaitLoopResult(
                        () -> connection.startTls(engine, timeoutMillis),
                        Handoff.deadlineAfterMillis(timeoutMillis + LOOP_GRACE_MILLIS));
        TlsHandshake handshake;
        if (outcome == null) {
            handshake = TlsOutcomes.failed(serverName, FailureKind.TIMEOUT, "the handshake did not finish in time");
        } else if (outcome.failed()) {
            handshake = outcome.cause() instanceof TcpConnection.PlaintextBeforeHandshake plaintext
                    ? TlsOutcomes.failed(serverName, FailureKind.PROTOCOL, plaintext.getMessage())
                    : TlsOutcomes.failed(serverName, outcome.cause());
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
