package dev.sockeye.sockets.internal.tls;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Locale;

/**
 * The server's certificate failed verification: says why in words a guest author can act on (expired, not valid
 * for the name, not issued by a trusted CA) and keeps the leaf certificate's subject and expiry for the audit.
 */
final class RejectedCertificate extends CertificateException {
    private static final long serialVersionUID = 1L;
    private final transient String subject;
    private final transient Instant notAfter;

    private RejectedCertificate(String reason, String subject, Instant notAfter, Throwable cause) {
        super(reason, cause);
        this.subject = subject;
        this.notAfter = notAfter;
    }

    static RejectedCertificate of(X509Certificate[] chain, String serverName, CertificateException refused) {
        X509Certificate leaf = chain.length == 0 ? null : chain[0];
        String subject = leaf == null ? null : leaf.getSubjectX500Principal().getName();
        Instant notAfter = leaf == null ? null : leaf.getNotAfter().toInstant();
        return new RejectedCertificate(reason(leaf, serverName, refused), subject, notAfter, refused);
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
}
