package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.egress.EgressDecision;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.egress.EgressPolicy;
import dev.sockeye.sockets.egress.EgressRequest;
import dev.sockeye.sockets.egress.RuleGuard;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.testing.GuestRun;
import dev.sockeye.sockets.testing.Guests;
import dev.sockeye.sockets.testing.RecordingListener;
import dev.sockeye.sockets.testing.UdpEchoServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real C guests doing UDP against real sockets on loopback. */
class UdpGuestTest {
    static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().build();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static GuestRun run(String guest, EgressGuard guard, String... args) {
        return GuestRun.start(sandbox, sandbox.compile(Guests.bytes(guest)), guard, args);
    }

    static EgressGuard allowAll() {
        return EgressGuard.allowAll(EgressListener.none());
    }

    @Test
    void clientSendsADatagramAndReceivesTheReplyWithItsSender() {
        try (var server = new UdpEchoServer()) {
            var run = run("udp_client", allowAll(), "127.0.0.1", String.valueOf(server.port()), "ping");
            assertThat(run.await().exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("reply=PING from=127.0.0.1:" + server.port());
        }
    }

    @Test
    void connectedClientUsesSendAndRecvWithTheConnectedPeer() {
        try (var server = new UdpEchoServer()) {
            var run = run("udp_client", allowAll(), "-c", "127.0.0.1", String.valueOf(server.port()), "hello");
            assertThat(run.await().exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("reply=HELLO from=127.0.0.1:" + server.port());
        }
    }

    @Test
    void connectedClientNeverSeesADatagramFromAnotherPortAndTimesOutWithEagain() {
        try (var server = new UdpEchoServer(true)) {
            var run = run("udp_client", allowAll(), "-c", "127.0.0.1", String.valueOf(server.port()), "hello");
            assertThat(run.await().exitCode()).isEqualTo(Errno.AGAIN.code());
        }
    }

    /** A stranger's datagram is refused as it arrives and reported the same way, connected socket or not. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aStrangersDatagramIsReportedAsADeniedReceiveConnectedOrNot(boolean connected) {
        try (var server = new UdpEchoServer(true)) {
            var decisions = new RecordingListener();
            var guard = RuleGuard.of(EgressPolicy.parse(List.of("udp://127.0.0.1:" + server.port())), decisions);
            String port = String.valueOf(server.port());
            var run = connected
                    ? run("udp_client", guard, "-c", "127.0.0.1", port, "hello")
                    : run("udp_client", guard, "127.0.0.1", port, "hello");

            assertThat(run.await().exitCode()).isEqualTo(Errno.AGAIN.code());
            assertThat(decisions.decisions()).anySatisfy(decision -> {
                assertThat(decision.request().kind()).isEqualTo(EgressRequest.Kind.RECEIVE);
                assertThat(decision.verdict()).isEqualTo(EgressDecision.Verdict.DENIED);
                assertThat(decision.request().port()).isNotEqualTo(server.port());
            });
        }
    }

    @Test
    void serverGuestAnswersEachSender() throws Exception {
        var run = run("udp_server", allowAll(), "0", "2");
        run.awaitStdout("listening=");
        int port = Integer.parseInt(run.stdout()
                .lines()
                .filter(l -> l.startsWith("listening="))
                .findFirst()
                .orElseThrow()
                .substring("listening=".length())
                .trim());
        try (var client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(10_000);
            for (String word : new String[] {"one", "two"}) {
                byte[] payload = word.getBytes(StandardCharsets.UTF_8);
                client.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
                var reply = new DatagramPacket(new byte[100], 100);
                client.receive(reply);
                assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
                        .isEqualTo(word.toUpperCase());
            }
            assertThat(run.await().exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("from=127.0.0.1:" + client.getLocalPort() + " data=one", "data=two");
        }
    }

    @Test
    void denyAllGuardRefusesSendToWithEacces() {
        try (var server = new UdpEchoServer()) {
            var run = run(
                    "udp_client",
                    EgressGuard.denyAll(EgressListener.none()),
                    "127.0.0.1",
                    String.valueOf(server.port()),
                    "ping");
            assertThat(run.await().exitCode()).isEqualTo(Errno.ACCES.code());
        }
    }
}
