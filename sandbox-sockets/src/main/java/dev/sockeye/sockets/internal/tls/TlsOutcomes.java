package dev.sockeye.sockets.internal.tls;

import dev.sockeye.sockets.egress.TlsHandshake;
import dev.sockeye.sockets.egress.TlsHandshake.FailureKind;
import dev.sockeye.sockets.internal.fd.Errno;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The one mapping from a host TLS handshake's outcome to a {@link TlsHandshake} and to the guest's errno. */
public final class TlsOutcomes {
    private TlsOutcomes() {}

    /** A completed handshake: the session's protocol, cipher, ALPN and the server's certificate. */
    public static TlsHandshake established(String serverName, SSLEngine engine) {
        SSLSession session = engine.getSession();
        String alpn = engine.getApplicationProtocol();
        X509Certificate leaf = null;
        try {
            if (session.getPeerCertificates()[0] instanceof X509Certificate x509) {
                leaf = x509;
            }
        } catch (SSLPeerUnverifiedException impossibleAfterVerification) {
            return failed(serverName, impossibleAfterVerification);
        }
        return new TlsHandshake(
                serverName,
                session.getProtocol(),
                session.getCipherSuite(),
                alpn == null || alpn.isEmpty() ? null : alpn,
                leaf == null ? null : leaf.getSubjectX500Principal().getName(),
                leaf == null ? null : leaf.getNotAfter().toInstant(),
                null,
                null);
    }

    /** A handshake that failed with {@code error} (from the handshake future, or the connection). */
    public static TlsHandshake failed(String serverName, Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof RejectedCertificate rejected) {
                return new TlsHandshake(
                        serverName,
                        rejected.protocol(),
                        rejected.cipherSuite(),
                        null,
                        rejected.subject(),
                        rejected.notAfter(),
                        rejected.getMessage(),
                        FailureKind.CERTIFICATE);
            }
        }
        return failed(serverName, kindOf(error), describe(error));
    }

    /** A handshake that failed for a reason the host found itself. */
    public static TlsHandshake failed(String serverName, FailureKind kind, String why) {
        return new TlsHandshake(serverName, null, null, null, null, null, why, kind);
    }

    private static FailureKind kindOf(Throwable error) {
        if (error instanceof SslHandshakeTimeoutException) {
            return FailureKind.TIMEOUT;
        }
        if (error instanceof NotSslRecordException) {
            return FailureKind.PROTOCOL;
        }
        String message = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
        if (error instanceof ClosedChannelException
                || message.contains("connection reset")
                || message.contains("closed")) {
            return FailureKind.CLOSED;
        }
        return FailureKind.PROTOCOL;
    }

    private static String describe(Throwable error) {
        if (error instanceof NotSslRecordException) {
            return "the server does not speak TLS";
        }
        if (error instanceof SslHandshakeTimeoutException) {
            return "the handshake did not finish in time";
        }
        if (error instanceof ClosedChannelException) {
            return "the server closed the connection during the handshake";
        }
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    /** The errno a guest gets for a failed handshake. */
    public static Errno errnoOf(FailureKind kind) {
        return switch (kind) {
            case CERTIFICATE -> Errno.CONNABORTED;
            case PROTOCOL -> Errno.PROTO;
            case TIMEOUT -> Errno.TIMEDOUT;
            case CLOSED -> Errno.CONNRESET;
        };
    }
}
