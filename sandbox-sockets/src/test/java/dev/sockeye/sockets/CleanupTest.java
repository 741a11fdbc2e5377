package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.policy.EgressGuard;
import dev.sockeye.sockets.policy.EgressListener;
import dev.sockeye.sockets.testing.EchoServer;
import dev.sockeye.sockets.testing.Guests;
import dev.sockeye.sockets.testing.UdpEchoServer;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Nothing leaks from one instance to the next: 10,000 instances open, use and abandon sockets (TCP clients that
 * exit with the connection open, UDP clients, instances that hit the socket limit), and afterwards the sandbox
 * holds no socket and no buffered byte, the peers see every connection closed, and the process has no more file
 * descriptors than before.
 */
class CleanupTest {
    private static final int INSTANCES = 10_000;
    private static final int CONCURRENCY = 32;

    @Test
    void tenThousandInstancesLeaveNoChannelAndNoBufferBehind() throws Exception {
        try (var sandbox = Sandbox.builder().build(); var echo = new EchoServer(); var udp = new UdpEchoServer()) {
            var tcpClient = sandbox.compile(Guests.bytes("tcp_echo_client"));
            var udpClient = sandbox.compile(Guests.bytes("udp_client"));
            var hog = sandbox.compile(Guests.bytes("socket_hog"));
            runOnce(sandbox, tcpClient, List.of("127.0.0.1", String.valueOf(echo.port()), "10"));
            long descriptorsBefore = openFileDescriptors();

            var outcomes = new ArrayList<Future<GuestOutcome>>();
            try (var pool = Executors.newFixedThreadPool(CONCURRENCY, Thread.ofVirtual().factory())) {
                for (int i = 0; i < INSTANCES; i++) {
                    int kind = i % 3;
                    outcomes.add(pool.submit(() -> switch (kind) {
                        case 0 -> runOnce(sandbox, tcpClient,
                                List.of("127.0.0.1", String.valueOf(echo.port()), "256"));
                        case 1 -> runOnce(sandbox, udpClient,
                                List.of("127.0.0.1", String.valueOf(udp.port()), "ping"));
                        default -> runOnce(sandbox, hog, List.of(), SandboxLimits.DEFAULTS.withMaxOpenSockets(8));
                    }));
                }
            }
            for (int i = 0; i < outcomes.size(); i++) {
                int expected = i % 3 == 2 ? dev.sockeye.sockets.wasi.Errno.MFILE.code() : 0;
                assertThat(outcomes.get(i).get().exitCode()).as("instance %d", i).isEqualTo(expected);
            }

            assertThat(sandbox.networkStats().openSockets()).isZero();
            assertThat(sandbox.networkStats().bufferedBytes()).isZero();
            RobustnessTest.awaitZero(echo::openConnections);
            awaitAtMost(descriptorsBefore + 16);
        }
    }

    private static GuestOutcome runOnce(Sandbox sandbox, CompiledGuest guest, List<String> args) {
        return runOnce(sandbox, guest, args, SandboxLimits.DEFAULTS);
    }

    private static GuestOutcome runOnce(Sandbox sandbox, CompiledGuest guest, List<String> args,
            SandboxLimits limits) {
        return sandbox.run(guest, GuestOptions.builder()
                .args("guest", args)
                .guard(EgressGuard.allowAll(EgressListener.none()))
                .limits(limits)
                .build());
    }

    /** Closing a channel completes on its event loop just after the guest's run returns, so allow a moment. */
    private static void awaitAtMost(long descriptors) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (openFileDescriptors() > descriptors && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(openFileDescriptors()).isLessThanOrEqualTo(descriptors);
    }

    private static long openFileDescriptors() {
        String[] entries = new File("/proc/self/fd").list();
        return entries == null ? 0 : entries.length;
    }
}
