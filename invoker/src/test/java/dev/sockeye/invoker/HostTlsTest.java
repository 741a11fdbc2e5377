package dev.sockeye.invoker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.invoker.registry.FunctionEgress;
import dev.sockeye.invoker.testing.RunningInvoker;
import dev.sockeye.sockets.egress.EgressMode;
import dev.sockeye.sockets.egress.EgressOperatorConfig;
import dev.sockeye.sockets.egress.EgressPolicy;
import dev.sockeye.sockets.testing.TestPki;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SOCKEYE_INVOKER_TLS_CA_FILES: a guest behind a {@code tls://} rule reaches a loopback TLS server whose CA only
 * that setting names, and the same guest on an invoker without it is refused (ECONNABORTED, the function fails).
 */
class HostTlsTest {
    static TestPki pki;
    static ServerSocket server;

    @BeforeAll
    static void start() throws IOException {
        pki = TestPki.shared();
        server = pki.issued("localhost")
                .getServerSocketFactory()
                .createServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(HostTlsTest::answerPings);
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    /** Answers each connection's first line with "pong" and closes it. */
    static void answerPings() {
        while (!server.isClosed()) {
            try (var socket = server.accept()) {
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                if ("ping".equals(in.readLine())) {
                    socket.getOutputStream().write("pong\n".getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException refusedOrClosed) {
                // a handshake the guest's host refused, or the server closing: next connection
            }
        }
    }

    static InvokerConfig config(Map<String, String> env) {
        return InvokerConfig.fromEnvironment(env).toBuilder()
                .warmUp(java.time.Duration.ZERO)
                .compileCacheDir(null)
                .moduleCacheBytes(64L << 20)
                .build();
    }

    /** wagi_probe's tls mode against the server, allowed by tls://localhost:PORT (loopback allowed for names). */
    static void deployTlsProbe(RunningInvoker invoker) {
        var policy = EgressPolicy.parse(
                List.of("tls://localhost:" + server.getLocalPort()),
                EgressMode.ENFORCE,
                EgressOperatorConfig.defaults().withSpecialRangesForNames(true));
        var function = invoker.probe("fetch", "tls");
        invoker.registry.deploy(function.withEgress(FunctionEgress.of(policy))
                .withVersion(function.version()
                        .withEnv(Map.of(
                                "PROBE_HOST",
                                "localhost",
                                "PROBE_PORT",
                                Integer.toString(server.getLocalPort()),
                                "PROBE_TLS_NAME",
                                "localhost"))));
    }

    @Test
    void guestFetchesOverHostTlsFromAServerWhoseCaOnlyTheInvokerConfigurationTrusts() throws Exception {
        var env = Map.of("SOCKEYE_INVOKER_TLS_CA_FILES", " " + pki.caPem() + " ,");
        try (var invoker = new RunningInvoker(config(env))) {
            deployTlsProbe(invoker);

            var response = invoker.get("/fn/fetch");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).startsWith("reply=pong");
            assertThat(invoker.audit.egressDecisions())
                    .anySatisfy(
                            row -> assertThat(row.decision().reason()).contains("name=localhost", "verification=ok"));
        }
    }

    @Test
    void withoutTheCaTheHandshakeIsRefusedAndTheFunctionFails() throws Exception {
        try (var invoker = new RunningInvoker(config(Map.of()))) {
            deployTlsProbe(invoker);

            var response = invoker.get("/fn/fetch");

            assertThat(response.statusCode()).isEqualTo(500);
            // ECONNABORTED is WASI errno 13; the SDK exits with the errno.
            assertThat(response.body()).contains("function fetch exited(13)");
            assertThat(invoker.audit.egressDecisions())
                    .anySatisfy(row ->
                            assertThat(row.decision().reason()).contains("name=localhost", "verification=\"failed: "));
        }
    }

    @Test
    void aMissingOrNonCertificateFileIsOneErrorNamingTheVariableAndTheFile(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(
                        () -> InvokerConfig.fromEnvironment(Map.of("SOCKEYE_INVOKER_TLS_CA_FILES", missing.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SOCKEYE_INVOKER_TLS_CA_FILES: " + missing + ": cannot read it");

        Path notPem = Files.writeString(dir.resolve("not.pem"), "not a certificate\n");
        assertThatThrownBy(() -> InvokerConfig.fromEnvironment(
                        Map.of("SOCKEYE_INVOKER_TLS_CA_FILES", pki.caPem() + "," + notPem)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SOCKEYE_INVOKER_TLS_CA_FILES: " + notPem + ": ");
    }

    @Test
    void theConfiguredCasAreRead() {
        var config = InvokerConfig.fromEnvironment(
                Map.of("SOCKEYE_INVOKER_TLS_CA_FILES", pki.caPem().toString()));
        assertThat(config.trustedCertificates()).containsExactly(pki.ca());
        assertThat(InvokerConfig.builder().build().trustedCertificates()).isEmpty();
    }
}
