package dev.sockeye.sockets.internal.tls;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * The server's certificate failed verification: says why in words a guest author can act on (expired, not valid
 * for the name, not issued by a trusted CA) and keeps, for the audit, the leaf certificate's subject and expiry and
 * the protocol version and cipher suite the server had already chosen (its hello comes before its certificate).
 */
final class RejectedCertificate extends CertificateException {
    private static final long serialVersionUID = 1L;
    private final transient String subject;
    private final transient Instant notAfter;
    private final transient String protocol;
    private final transient String cipherSuite;

    private RejectedCertificate(
            String reason, String subject, Instant notAfter, String protocol, String cipherSuite, Throwable cause) {
        super(reason, cause);
        this.subject = subject;
        this.notAfter = notAfter;
        this.protocol = protocol;
        this.cipherSuite = cipherSuite;
    }

    /** {@code engine}'s server sent {@code chain}, which the trust store refused. */
    static RejectedCertificate of(X509Certificate[] chain, SSLEngine engine, CertificateException refused) {
        X509Certificate leaf = chain.length == 0 ? null : chain[0];
        String subject = leaf == null ? null : leaf.getSubjectX500Principal().getName();
        Instant notAfter = leaf == null ? null : leaf.getNotAfter().toInstant();
        SSLSession handshake = engine.getHandshakeSession();
        return new RejectedCertificate(
                reason(leaf, engine.getPeerHost(), refused),
                subject,
                notAfter,
                handshake == null ? null : negotiated(handshake.getProtocol()),
                handshake == null ? null : negotiated(handshake.getCipherSuite()),
                refused);
    }

    /** The JDK names "nothing agreed yet" NONE (protocol) or SSL_NULL_WITH_NULL_NULL (cipher suite). */
    private static String negotiated(String value) {
        return value == null || value.equals("NONE") || value.equals("SSL_NULL_WITH_NULL_NULL") ? null : value;
    }

    private static String reason(X509Certificate leaf, String serverName, CertificateException refused) {
        if (leaf != null) {
            try {
                leaf.checkValidity();
            } catch (CertificateExpiredException e) {
                return "certificate expired at " + leaf.getNotAfter().toInstant();
            } catch (CertificateNotYetValidException e) {
                return "certificate not valid before " + leaf.getNotBefore().toInstant();
            }
        }
        String message = String.valueOf(refused.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("subject alternative") || message.contains("no name matching")) {
            return "certificate not valid for " + serverName;
        }
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertPathValidatorException invalid
                    && invalid.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return "a certificate of the chain expired";
            }
        }
        return "certificate not issued by a trusted CA (" + refused.getMessage() + ")";
    }

    /** The leaf certificate's subject (RFC 2253), or null if the server sent none. */
    String subject() {
        return subject;
    }

    /** When the leaf certificate expires, or null. */
    Instant notAfter() {
        return notAfter;
    }

    /** The protocol version the server chose ({@code TLSv1.3}), or null if unknown. */
    String protocol() {
        return protocol;
    }

    /** The cipher suite the server chose, or null if unknown. */
    String cipherSuite() {
        return cipherSuite;
    }
}
