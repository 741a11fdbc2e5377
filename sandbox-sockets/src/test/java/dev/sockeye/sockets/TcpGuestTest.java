package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.egress.EgressDecision.Verdict;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.egress.EgressRequest.Kind;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.limits.SandboxLimits;
import dev.sockeye.sockets.testing.EchoServer;
import dev.sockeye.sockets.testing.GuestRun;
import dev.sockeye.sockets.testing.Guests;
import dev.sockeye.sockets.testing.PatternServer;
import dev.sockeye.sockets.testing.RecordingListener;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real C guests doing TCP against real servers on loopback. */
class TcpGuestTest {
    static Sandbox sandbox;
    static EchoServer echo;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().build();
        echo = new EchoServer();
    }

    @AfterAll
    static void stop() throws Exception {
        echo.close();
        sandbox.close();
    }

    static EgressGuard allowAll() {
        return EgressGuard.allowAll(EgressListener.none());
    }

    static GuestRun run(String guest, EgressGuard guard, String... args) {
        return GuestRun.start(sandbox, sandbox.compile(Guests.bytes(guest)), guard, args);
    }

    @Test
    void blockingClientRoundTripsBytesThroughAnEchoServer() {
        var run = run("tcp_echo_client", allowAll(), "127.0.0.1", String.valueOf(echo.port()), "1000");
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("echoed=1000");
    }

    @Test
    void threeMebibytesRoundTripExactlyDespiteBoundedBuffers() {
        var run = run(
                "tcp_echo_client",
                allowAll(),
                "127.0.0.1",
                String.valueOf(echo.port()),
                String.valueOf(3 * 1024 * 1024));
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("echoed=3145728");
    }

    @Test
    void streamReaderReceivesEveryByteOfALargeStreamInOrder() throws Exception {
        long length = 5L * 1024 * 1024 + 123;
        try (var server = new PatternServer(length)) {
            var run = run("tcp_stream_reader", allowAll(), "127.0.0.1", String.valueOf(server.port()));
            assertThat(run.await().exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("bytes=" + length).contains("fnv1a=" + PatternServer.fnv1a(length));
        }
    }

    @Test
    void clientConnectsOverIpv6Loopback() throws Exception {
        try (var echo6 = new EchoServer(InetAddress.getByName("::1"))) {
            var run = run("tcp_echo_client", allowAll(), "::1", String.valueOf(echo6.port()), "4096");
            assertThat(run.await().exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("echoed=4096");
        }
    }

    @Test
    void nonBlockingConnectGivesInProgressThenWritableWithSoErrorZero() {
        var run = run("tcp_nonblocking_client", allowAll(), "127.0.0.1", String.valueOf(echo.port()), "hello");
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("connect=inprogress", "so_error=0", "recv=again", "reply=hello");
    }

    @Test
    void nonBlockingConnectToAClosedPortReportsConnectionRefusedThroughSoError() throws Exception {
        int closedPort;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        var run = run("tcp_nonblocking_client", allowAll(), "127.0.0.1", String.valueOf(closedPort), "x");
        assertThat(run.await().exitCode()).isEqualTo(Errno.CONNREFUSED.code());
        assertThat(run.stdout()).contains("connect=inprogress", "so_error=" + Errno.CONNREFUSED.code());
    }

    @Test
    void blockingConnectToAClosedPortFailsWithConnectionRefused() throws Exception {
        int closedPort;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        var run = run("tcp_echo_client", allowAll(), "127.0.0.1", String.valueOf(closedPort), "10");
        assertThat(run.await().exitCode()).isEqualTo(Errno.CONNREFUSED.code());
        assertThat(run.stderr()).contains("errno=" + Errno.CONNREFUSED.code());
    }

    @Test
    void denyAllGuardRefusesTheConnectWithEaccesAndReportsIt() {
        var listener = new RecordingListener();
        var run = run("tcp_echo_client", EgressGuard.denyAll(listener), "127.0.0.1", String.valueOf(echo.port()), "10");
        assertThat(run.await().exitCode()).isEqualTo(Errno.ACCES.code());
        assertThat(listener.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.request().kind()).isEqualTo(Kind.CONNECT);
            assertThat(decision.request().port()).isEqualTo(echo.port());
            assertThat(decision.verdict()).isEqualTo(Verdict.DENIED);
        });
    }

    @Test
    void serverGuestServesSeveralClientsAtOnce() throws Exception {
        var run = run("tcp_server", allowAll(), "0", "3");
        run.awaitStdout("listening=");
        int port = Integer.parseInt(run.stdout()
                .lines()
                .filter(l -> l.startsWith("listening="))
                .findFirst()
                .orElseThrow()
                .substring("listening=".length())
                .trim());
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(new Socket(InetAddress.getLoopbackAddress(), port));
        }
        for (int i = 0; i < 3; i++) {
            OutputStream out = clients.get(i).getOutputStream();
            out.write(("client " + i + " says hi").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        for (int i = 0; i < 3; i++) {
            InputStream in = clients.get(i).getInputStream();
            byte[] expected = ("CLIENT " + i + " SAYS HI").getBytes(StandardCharsets.US_ASCII);
            assertThat(in.readNBytes(expected.length)).isEqualTo(expected);
            clients.get(i).close();
        }
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("served=3");
    }

    @Test
    void secondListenerOnTheSamePortGetsAddressInUse() throws Exception {
        var first = run("tcp_server", allowAll(), "0", "1");
        first.awaitStdout("listening=");
        String port = first.stdout()
                .lines()
                .filter(l -> l.startsWith("listening="))
                .findFirst()
                .orElseThrow()
                .substring("listening=".length())
                .trim();
        var second = run("tcp_server", allowAll(), port, "1");
        assertThat(second.await().exitCode()).isEqualTo(Errno.ADDRINUSE.code());
        new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port)).close();
        assertThat(first.await().exitCode()).isZero();
    }

    @Test
    void socketOptionsReadBackWhatWasSetAndReceiveTimeoutGivesEagain() {
        var run = run("sockopts", allowAll(), "127.0.0.1", String.valueOf(echo.port()));
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .contains(
                        "so_type=stream",
                        "so_error=0",
                        "so_acceptconn=0",
                        "listener_acceptconn=1",
                        "so_reuseaddr=1",
                        "so_keepalive=1",
                        "so_rcvbuf=65536",
                        "so_sndbuf=65536",
                        "rcvtimeo_recv=again",
                        "peer=127.0.0.1:" + echo.port());
    }

    @Test
    void aGuestCannotRaiseItsReceiveBufferAboveTheSandboxLimit() {
        var run = run("sockopts", allowAll(), "127.0.0.1", String.valueOf(echo.port()));
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("so_rcvbuf_64mib=" + SandboxLimits.DEFAULTS.receiveBufferBytes());
    }
}
