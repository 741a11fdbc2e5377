package dev.sockeye.api.versions;

import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.sockets.CertificateFiles;
import dev.sockeye.sockets.Sandbox;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.cert.X509Certificate;
import java.util.List;

/** The one sandbox of this process, on Quarkus' Vert.x (never a second Vert.x), trusting {@code sockeye.tls.ca-files}. */
@ApplicationScoped
public class SandboxProducer {

    @Produces
    @Singleton
    Sandbox sandbox(Vertx vertx, SockeyeConfig config) {
        List<X509Certificate> trusted;
        try {
            trusted = CertificateFiles.read(config.tls().caFiles().orElse(List.of()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("sockeye.tls.ca-files: " + e.getMessage());
        }
        return Sandbox.builder().vertx(vertx).trustedCertificates(trusted).build();
    }

    void close(@Disposes Sandbox sandbox) {
        sandbox.close();
    }
}
