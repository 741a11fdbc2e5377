package dev.sockeye.sockets.egress;

import java.time.Instant;
import java.util.Objects;

/**
 * What a host TLS handshake established, or why it failed, as the guard judges it and the audit records it.
 *
 * @param serverName the name the guest asked for (sent as SNI; the certificate is verified against it)
 * @param protocol the negotiated protocol version ({@code TLSv1.3}), or null if the handshake failed before
 * @param cipherSuite the negotiated cipher suite, or null
 * @param alpn the negotiated application protocol ({@code h2}), or null if none
 * @param certificateSubject the subject of the server's certificate, or null if it sent none
 * @param certificateNotAfter when the server's certificate expires, or null if it sent none
 * @param failure why the handshake or the certificate's verification failed, or null if it succeeded
 * @param failureKind what kind of failure, or null if it succeeded
 */
public record TlsHandshake(
        String serverName,
        String protocol,
        String cipherSuite,
        String alpn,
        String certificateSubject,
        Instant certificateNotAfter,
        String failure,
        FailureKind failureKind) {

    /** How a handshake failed; each kind has its own errno for the guest (docs/guest-abi.md, "Host TLS"). */
    public enum FailureKind {
        /** The certificate is untrusted, expired or not yet valid, or not valid for the server name. */
        CERTIFICATE,
        /** The peer does not speak TLS, or no protocol version or cipher suite could be agreed. */
        PROTOCOL,
        /** The handshake did not finish in time. */
        TIMEOUT,
        /** The peer closed or reset the connection during the handshake. */
        CLOSED
    }

    public TlsHandshake {
        Objects.requireNonNull(serverName, "serverName");
        if ((failure == null) != (failureKind == null)) {
            throw new IllegalArgumentException("a failure needs its kind, and only a failure has one");
        }
    }

    /** Whether the handshake completed and the certificate verified for {@link #serverName}. */
    public boolean verified() {
        return failure == null;
    }

    /**
     * The audit's key=value form: {@code name=api.example.com protocol=TLSv1.3 cipher=TLS_AES_128_GCM_SHA256
     * alpn=h2 subject="CN=api.example.com" expires=2027-01-01T00:00:00Z verification=ok}; a failure ends with
     * {@code verification="failed: ..."}.
     */
    public String describe() {
        var text = new StringBuilder("name=").append(serverName);
        if (protocol != null) {
            text.append(" protocol=").append(protocol);
        }
        if (cipherSuite != null) {
            text.append(" cipher=").append(cipherSuite);
        }
        if (alpn != null) {
            text.append(" alpn=").append(alpn);
        }
        if (certificateSubject != null) {
            text.append(" subject=\"").append(certificateSubject).append('"');
        }
        if (certificateNotAfter != null) {
            text.append(" expires=").append(certificateNotAfter);
        }
        return text.append(verified() ? " verification=ok" : " verification=\"failed: " + failure + "\"")
                .toString();
    }
}
