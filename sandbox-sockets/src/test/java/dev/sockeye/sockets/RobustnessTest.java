package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.GuestOutcome.Kind;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.limits.SandboxLimits;
import dev.sockeye.sockets.testing.EchoServer;
import dev.sockeye.sockets.testing.GuestRun;
import dev.sockeye.sockets.testing.Guests;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad pointers, lengths and fds, runaway guests and limits: the guest gets an errno, the host stays up. */
class RobustnessTest {
    static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().build();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static EgressGuard allowAll() {
        return EgressGuard.allowAll(EgressListener.none());
    }

    static List<Map.Entry<String, Errno>> badInputCases() {
        return List.of(
                Map.entry("case_fd_write_iovs_out_of_bounds", Errno.FAULT),
                Map.entry("case_fd_write_buffer_past_end", Errno.FAULT),
                Map.entry("case_fd_read_bad_fd", Errno.BADF),
                Map.entry("case_sock_send_not_socket", Errno.NOTSOCK),
                Map.entry("case_sock_connect_address_out_of_bounds", Errno.FAULT),
                Map.entry("case_sock_getaddrinfo_node_len_huge", Errno.FAULT),
                Map.entry("case_sock_open_bad_family", Errno.INVAL),
                Map.entry("case_poll_oneoff_no_subscriptions", Errno.INVAL),
                // More iovecs than IOV_MAX is EINVAL before any pointer is read, as in WasmEdge.
                Map.entry("case_sock_recv_iovs_len_huge", Errno.INVAL),
                Map.entry("case_fd_close_bad_fd", Errno.BADF));
    }

    @ParameterizedTest
    @MethodSource("badInputCases")
    void badInputGivesTheGuestAnErrno(Map.Entry<String, Errno> badCase) {
        var guest = sandbox.compile(Guests.bytes("bad_inputs"));
        try (var instance = sandbox.instantiate(
                guest, GuestOptions.builder().guard(allowAll()).build())) {
            assertThat(instance.call(badCase.getKey())[0])
                    .isEqualTo(badCase.getValue().code());
        }
    }

    @Test
    void spinningGuestStopsWhenItsThreadIsInterrupted() throws Exception {
        var run = GuestRun.start(sandbox, sandbox.compile(Guests.bytes("spin")), allowAll());
        Thread.sleep(200);
        run.interrupt();
        assertThat(run.await().kind()).isEqualTo(Kind.INTERRUPTED);
    }

    @Test
    void interruptingAGuestParkedInRecvClosesItsConnection() throws Exception {
        try (var echo = new EchoServer()) {
            var run = GuestRun.start(
                    sandbox,
                    sandbox.compile(Guests.bytes("park_recv")),
                    allowAll(),
                    "127.0.0.1",
                    String.valueOf(echo.port()));
            run.awaitStdout("parked");
            awaitZero(() -> 1 - echo.acceptedConnections());
            run.interrupt();
            assertThat(run.await().kind()).isEqualTo(Kind.INTERRUPTED);
            awaitZero(echo::openConnections);
        }
    }

    @Test
    void unknownLegacySocketImportsLinkAndAnswerEnosys() {
        var run = GuestRun.start(sandbox, sandbox.compile(Guests.bytes("unknown_socket_import")), allowAll());
        assertThat(run.await().exitCode()).isEqualTo(Errno.NOSYS.code());
    }

    @Test
    void socketsBeyondTheInstanceLimitGiveEmfileAndAllAreReleased() {
        var guest = sandbox.compile(Guests.bytes("socket_hog"));
        var options = GuestOptions.builder()
                .guard(allowAll())
                .limits(SandboxLimits.DEFAULTS.withMaxOpenSockets(64))
                .build();
        try (var instance = sandbox.instantiate(guest, options)) {
            assertThat(instance.start().exitCode()).isEqualTo(Errno.MFILE.code());
            int opened = ByteBuffer.wrap(instance.readMemory(0, 4))
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getInt();
            assertThat(opened).isEqualTo(64);
        }
        assertThat(sandbox.networkStats().openSockets()).isZero();
    }

    @Test
    void sendingPastTheInstanceByteLimitGivesEnobufs() throws Exception {
        try (var echo = new EchoServer()) {
            var options = GuestOptions.builder()
                    .args("tcp_echo_client", List.of("127.0.0.1", String.valueOf(echo.port()), "100000"))
                    .guard(allowAll())
                    .limits(SandboxLimits.DEFAULTS.withByteLimits(1L << 30, 50_000));
            var run = GuestRun.start(sandbox, sandbox.compile(Guests.bytes("tcp_echo_client")), options);
            assertThat(run.await().exitCode()).isEqualTo(Errno.NOBUFS.code());
        }
    }

    @Test
    void receivingPastTheInstanceByteLimitGivesEnobufs() throws Exception {
        try (var echo = new EchoServer()) {
            var options = GuestOptions.builder()
                    .args("tcp_echo_client", List.of("127.0.0.1", String.valueOf(echo.port()), "100000"))
                    .guard(allowAll())
                    .limits(SandboxLimits.DEFAULTS.withByteLimits(50_000, 1L << 30));
            var run = GuestRun.start(sandbox, sandbox.compile(Guests.bytes("tcp_echo_client")), options);
            assertThat(run.await().exitCode()).isEqualTo(Errno.NOBUFS.code());
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeoutAndTheGuestSeesEndOfStream() throws Exception {
        try (var echo = new EchoServer()) {
            var options = GuestOptions.builder()
                    .args("park_recv", List.of("127.0.0.1", String.valueOf(echo.port())))
                    .guard(allowAll())
                    .limits(SandboxLimits.DEFAULTS.withIdleTimeout(java.time.Duration.ofMillis(300)));
            var run = GuestRun.start(sandbox, sandbox.compile(Guests.bytes("park_recv")), options);
            assertThat(run.await().exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("parked", "closed");
            awaitZero(echo::openConnections);
        }
    }

    @Test
    void aConnectThatTakesLongerThanTheConnectTimeoutFailsWithEtimedout() throws Exception {
        // A listener that never accepts, with its accept queue already full: the kernel drops further SYNs, so a
        // new connect neither succeeds nor is refused. The only way to get such a peer on loopback.
        try (var full = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var waiting = new ArrayList<java.net.Socket>();
            try {
                for (int i = 0; i < 4; i++) {
                    var filler = new java.net.Socket();
                    try {
                        filler.connect(full.getLocalSocketAddress(), 200);
                        waiting.add(filler);
                    } catch (java.io.IOException queueFull) {
                        filler.close();
                        break;
                    }
                }
                var options = GuestOptions.builder()
                        .args("tcp_echo_client", List.of("127.0.0.1", String.valueOf(full.getLocalPort()), "10"))
                        .guard(allowAll())
                        .limits(SandboxLimits.DEFAULTS.withConnectTimeout(java.time.Duration.ofMillis(500)));
                var run = GuestRun.start(sandbox, sandbox.compile(Guests.bytes("tcp_echo_client")), options);
                assertThat(run.await().exitCode()).as(run.stderr()).isEqualTo(Errno.TIMEDOUT.code());
            } finally {
                for (var socket : waiting) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void memoryGrowsWithinTheCapAndFailsInsideTheGuestBeyondIt() {
        var guest = sandbox.compile(Guests.bytes("grow_memory"));
        var roomy = GuestOptions.builder().limits(SandboxLimits.DEFAULTS).build();
        assertThat(sandbox.run(guest, roomy).exitCode()).isZero();
        var tight = GuestOptions.builder()
                .limits(SandboxLimits.DEFAULTS.withMaxMemoryPages(50))
                .build();
        assertThat(sandbox.run(guest, tight).exitCode()).isEqualTo(1);
    }

    @Test
    void aModuleNeedingMoreInitialMemoryThanTheCapIsRefusedWithAMessage() {
        var guest = sandbox.compile(Guests.bytes("tcp_echo_client"));
        var options = GuestOptions.builder()
                .limits(SandboxLimits.DEFAULTS.withMaxMemoryPages(1))
                .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandbox.run(guest, options))
                .isInstanceOf(GuestModuleException.class)
                .hasMessageContaining("memory pages to start, more than the limit of 1");
    }

    @Test
    void aModuleThatIsNotWasmIsRejectedWithAMessage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandbox.compile("hello".getBytes()))
                .isInstanceOf(GuestModuleException.class)
                .hasMessageContaining("not a valid WebAssembly module");
    }

    static void awaitZero(java.util.function.IntSupplier value) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (value.getAsInt() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(value.getAsInt()).isZero();
    }
}
