package dev.sockeye.api.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.api.config.SockeyeHomeTest;
import dev.sockeye.sockets.testing.TestPki;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sockeye.tls.ca-files} (SOCKEYE_TLS_CA_FILES): the CAs the platform's sandbox trusts for host TLS. */
class SandboxTrustTest {
    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void theEnvironmentVariableListsCaFilesAndTheSandboxStartsWithThem(@TempDir Path dir) throws Exception {
        Path ca = TestPki.shared().caPem();
        Path copy = Files.copy(ca, dir.resolve("second.pem"));
        var config = SockeyeHomeTest.config(Map.of("SOCKEYE_TLS_CA_FILES", ca + "," + copy));

        assertThat(config.tls().caFiles()).contains(List.of(ca, copy));
        try (var sandbox = new SandboxProducer().sandbox(vertx, config)) {
            assertThat(sandbox).isNotNull();
        }
        assertThat(SockeyeHomeTest.config(Map.of()).tls().caFiles()).isEmpty();
    }

    @Test
    void aFileThatIsNoCertificateStopsTheStartNamingTheSettingAndTheFile(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "not a certificate\n");
        var config = SockeyeHomeTest.config(Map.of("SOCKEYE_TLS_CA_FILES", notPem.toString()));

        assertThatThrownBy(() -> new SandboxProducer().sandbox(vertx, config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("sockeye.tls.ca-files: " + notPem + ": not a PEM or DER certificate");
    }
}
