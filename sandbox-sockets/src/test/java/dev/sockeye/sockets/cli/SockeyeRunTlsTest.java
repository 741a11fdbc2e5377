package dev.sockeye.sockets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.testing.Guests;
import dev.sockeye.sockets.testing.TestPki;
import dev.sockeye.sockets.testing.TlsTestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sockeye run --tls-ca FILE}: host TLS of a local run trusts an internal CA. */
class SockeyeRunTlsTest {
    static TestPki pki;
    static TlsTestServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        pki = TestPki.shared();
        server = TlsTestServer.tls(pki.issued("api.test"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private int run(List<String> options) {
        var args = new ArrayList<>(options);
        args.addAll(List.of(
                Guests.directory().resolve("tls_get.wasm").toString(),
                "127.0.0.1",
                String.valueOf(server.port()),
                "api.test"));
        return SockeyeRun.run(
                args,
                Map.of(),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void withTheCaGivenTheGuestFetchesOverHostTls() {
        int exit = run(List.of("--allow-all", "--tls-ca", pki.caPem().toString()));

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("sni=api.test");
    }

    @Test
    void withoutTheCaTheCertificateDoesNotVerifyAndTheDenialIsPrinted() {
        int exit = run(List.of("--allow-all"));

        assertThat(exit).isEqualTo(13);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("sockeye: denied tls tcp api.test 127.0.0.1:" + server.port())
                .contains("certificate not issued by a trusted CA");
    }

    @Test
    void aFileWithoutCertificatesIsOneLineAndExitCode2() throws Exception {
        Path notPem = Files.writeString(temp.resolve("ca.pem"), "not a certificate\n");

        int exit = run(List.of("--allow-all", "--tls-ca", notPem.toString()));

        assertThat(exit).isEqualTo(SockeyeRun.USAGE_EXIT_CODE);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .startsWith("sockeye: --tls-ca " + notPem + ": ")
                .doesNotContain("\n");
    }
}
