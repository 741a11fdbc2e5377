package dev.sockeye.sockets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the extra CAs host TLS trusts ({@link Sandbox.Builder#trustedCertificates}) from PEM or DER files, the one
 * reader of {@code sockeye run --tls-ca}, the invoker's and the platform's CA settings.
 */
public final class CertificateFiles {
    private CertificateFiles() {}

    /**
     * Every certificate in {@code files}, in order.
     *
     * @throws IllegalArgumentException naming the file when one cannot be read or holds no certificate
     */
    public static List<X509Certificate> read(List<Path> files) {
        var certificates = new ArrayList<X509Certificate>();
        for (Path file : files) {
            certificates.addAll(read(file));
        }
        return List.copyOf(certificates);
    }

    /**
     * The certificates in one file.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
     */
    public static List<X509Certificate> read(Path file) {
        try (var in = Files.newInputStream(file)) {
            var certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(file + ": no certificate in it");
            }
            return certificates.stream().map(X509Certificate.class::cast).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read it (" + e + ")");
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + ": not a PEM or DER certificate (" + e.getMessage() + ")");
        }
    }
}
