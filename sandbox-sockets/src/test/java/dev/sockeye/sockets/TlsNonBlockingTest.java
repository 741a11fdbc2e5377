package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.dns.HostsFileNameResolver;
import dev.sockeye.sockets.egress.EgressDecision;
import dev.sockeye.sockets.egress.EgressDecision.Verdict;
import dev.sockeye.sockets.egress.EgressRequest.Kind;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.testing.GuestRun;
import dev.sockeye.sockets.testing.Guests;
import dev.sockeye.sockets.testing.RecordingListener;
import dev.sockeye.sockets.testing.TestPki;
import dev.sockeye.sockets.testing.TlsTestServer;
import dev.sockeye.sockets.testing.TlsTestServer.Fnv;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * sock_tls_connect on a non-blocking socket (tls_fetch --nonblocking): EINPROGRESS at once, a handshake under way
 * makes the socket's calls EAGAIN/EALREADY and poll not writable, poll reports POLLOUT when it ended, and
 * sock_tls_alpn or SO_ERROR then reads its result.
 */
class TlsNonBlockingTest {
    static TlsTestServer api;
    static TlsTestServer selfSigned;
    static TlsTestServer plaintext;
    /** Accepts connections and never answers: a handshake with it cannot finish. */
    static ServerSocket silent;

    static final List<Socket> held = new CopyOnWriteArrayList<>();
    static Sandbox sandbox;
    static CompiledGuest guest;

    @BeforeAll
    static void start() throws IOException {
        TestPki pki = TestPki.shared();
        api = TlsTestServer.tls(pki.issued("api.test"));
        selfSigned = TlsTestServer.tls(pki.selfSigned("self.test"));
        plaintext = TlsTestServer.plaintext();
        silent = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        });
        sandbox = Sandbox.builder()
                .resolver(HostsFileNameResolver.parse("127.0.0.1 api.test self.test plain.test"))
                .trustedCertificates(List.of(pki.ca()))
                .build();
        guest = sandbox.compile(Guests.bytes("tls_fetch"));
    }

    @AfterAll
    static void stop() throws IOException {
        sandbox.close();
        for (var server : List.of(api, selfSigned, plaintext)) {
            server.close();
        }
        silent.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    static GuestRun fetch(RecordingListener listener, String name, int port, String... options) {
        var args = new java.util.ArrayList<>(List.of(name, String.valueOf(port)));
        args.addAll(List.of(options));
        return GuestRun.underRules(
                sandbox, guest, listener, List.of("tls://" + name + ":" + port), args.toArray(String[]::new));
    }

    @Test
    void nonBlockingUpgradeIsInProgressThenWritableAndCarriesDataBothWays() {
        var listener = new RecordingListener();
        long size = Long.getLong("nbsize", 256L * 1024);
        var run = fetch(
                listener,
                "api.test",
                api.port(),
                "--nonblocking",
                "--alpn",
                "h2,http/1.1",
                "--upload",
                String.valueOf(size),
                "--download",
                String.valueOf(size));

        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        String hash = Fnv.hex(Fnv.ofPattern(size));
        assertThat(run.stdout())
                .startsWith("revents=out\nalpn=h2\n")
                .contains("sni=api.test alpn=h2\n", "got=" + size + " fnv1a=" + hash + "\n")
                .contains("received=" + size + " fnv1a=" + hash + "\n");
        EgressDecision tls = listener.last(Kind.TLS);
        assertThat(tls.verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(tls.reason()).contains("name=api.test", "alpn=h2", "verification=ok");
    }

    @Test
    void soErrorReadsAFailedHandshakeAndTheSocketIsThenNotConnected() {
        var listener = new RecordingListener();
        var run = fetch(listener, "self.test", selfSigned.port(), "--nonblocking", "--so-error");

        assertThat(run.await().exitCode()).as(run.stderr()).isEqualTo(Errno.CONNABORTED.code());
        assertThat(run.stdout())
                .isEqualTo("revents=hup\nso_error=13\nsend after: errno=" + Errno.NOTCONN.code() + "\n");
        EgressDecision tls = listener.last(Kind.TLS);
        assertThat(tls.verdict()).isEqualTo(Verdict.DENIED);
        assertThat(tls.reason()).contains("name=self.test", "verification=\"failed: ");
    }

    @Test
    void sockTlsAlpnReportsTheFailedHandshakesErrno() {
        var listener = new RecordingListener();
        var run = fetch(listener, "plain.test", plaintext.port(), "--nonblocking");

        assertThat(run.await().exitCode()).as(run.stderr()).isEqualTo(Errno.PROTO.code());
        assertThat(run.stdout()).isEqualTo("revents=hup\n");
        assertThat(run.stderr()).contains("sock_tls_alpn: errno=" + Errno.PROTO.code());
        assertThat(listener.last(Kind.TLS).verdict()).isEqualTo(Verdict.DENIED);
    }

    @Test
    void whileTheHandshakeRunsCallsWouldBlockAndPollDoesNotReportWritable() {
        var listener = new RecordingListener();
        var run = fetch(listener, "api.test", silent.getLocalPort(), "--nonblocking", "--pending");

        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .isEqualTo("pending alpn=%d send=%d again=%d revents=0\n"
                        .formatted(Errno.AGAIN.code(), Errno.AGAIN.code(), Errno.ALREADY.code()));
        // The guest closed the socket before the handshake ended: no TLS decision was made.
        assertThat(listener.decisions())
                .noneMatch(decision -> decision.request().kind() == Kind.TLS);
    }
}
