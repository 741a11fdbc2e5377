package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.limits.SandboxLimits;
import dev.sockeye.sockets.testing.EchoServer;
import dev.sockeye.sockets.testing.GuestRun;
import dev.sockeye.sockets.testing.Guests;
import dev.sockeye.sockets.testing.PatternServer;
import dev.sockeye.sockets.testing.UdpEchoServer;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.buffer.impl.VertxByteBufAllocator;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Nothing leaks from one instance to the next: 10,000 instances open, use and abandon sockets (TCP clients that
 * exit with the connection open, UDP clients, instances that hit the socket limit), and afterwards the sandbox
 * holds no socket and no buffered byte, the peers see every connection closed, and the process has no more file
 * descriptors than before. And the pooled read buffers that connections hand to their guests all go back to the
 * pool, whether the guest read them or not.
 */
class CleanupTest {
    private static final int INSTANCES = 10_000;
    private static final int CONCURRENCY = 32;

    @Test
    void tenThousandInstancesLeaveNoChannelAndNoBufferBehind() throws Exception {
        try (var sandbox = Sandbox.builder().build();
                var echo = new EchoServer();
                var udp = new UdpEchoServer()) {
            var tcpClient = sandbox.compile(Guests.bytes("tcp_echo_client"));
            var udpClient = sandbox.compile(Guests.bytes("udp_client"));
            var hog = sandbox.compile(Guests.bytes("socket_hog"));
            runOnce(sandbox, tcpClient, List.of("127.0.0.1", String.valueOf(echo.port()), "10"));
            long descriptorsBefore = openFileDescriptors();

            var outcomes = new ArrayList<Future<GuestOutcome>>();
            try (var pool =
                    Executors.newFixedThreadPool(CONCURRENCY, Thread.ofVirtual().factory())) {
                for (int i = 0; i < INSTANCES; i++) {
                    int kind = i % 3;
                    outcomes.add(pool.submit(() -> switch (kind) {
                        case 0 -> runOnce(sandbox, tcpClient, List.of("127.0.0.1", String.valueOf(echo.port()), "256"));
                        case 1 -> runOnce(sandbox, udpClient, List.of("127.0.0.1", String.valueOf(udp.port()), "ping"));
                        default -> runOnce(sandbox, hog, List.of(), SandboxLimits.DEFAULTS.withMaxOpenSockets(8));
                    }));
                }
            }
            for (int i = 0; i < outcomes.size(); i++) {
                int expected = i % 3 == 2 ? dev.sockeye.sockets.internal.fd.Errno.MFILE.code() : 0;
                assertThat(outcomes.get(i).get().exitCode())
                        .as("instance %d", i)
                        .isEqualTo(expected);
            }

            assertThat(sandbox.networkStats().openSockets()).isZero();
            assertThat(sandbox.networkStats().bufferedBytes()).isZero();
            RobustnessTest.awaitZero(echo::openConnections);
            awaitAtMost(descriptorsBefore + 16);
        }
    }

    /**
     * Guests that stop in the middle of a stream leave their connections holding read buffers: buffers a read took
     * and copied only in part, and buffers the loop delivered after the guest's last read. Two kinds of guest leave
     * them: stream readers interrupted while data flows, and server guests (accepted connections) that stopped
     * reading clients which send on and never read the echo. Closing releases them all. A leak of one buffer per
     * connection would add 100 active allocations per round; the pool's per-thread caches keep a bounded number
     * after the first round.
     */
    @Test
    void readBuffersGoBackToThePoolWhenGuestsStopMidStream() throws Exception {
        int connections = 100;
        try (var sandbox = Sandbox.builder().build();
                var endless = new PatternServer(Long.MAX_VALUE)) {
            var reader = sandbox.compile(Guests.bytes("tcp_stream_reader"));
            var server = sandbox.compile(Guests.bytes("tcp_server"));
            stopReadersMidStream(sandbox, reader, endless.port(), connections / 2);
            stopServersWithUnreadClients(sandbox, server, connections / 2);
            long afterFirstRound = activeReadBuffers();
            for (int round = 0; round < 3; round++) {
                stopReadersMidStream(sandbox, reader, endless.port(), connections / 2);
                stopServersWithUnreadClients(sandbox, server, connections / 2);
            }
            assertThat(sandbox.networkStats().bufferedBytes()).isZero();
            assertThat(sandbox.networkStats().openSockets()).isZero();
            // Closing channels finish on the event loop just after their guests end, and a read in progress holds
            // a buffer until it reaches the closed connection, which releases it; so allow a moment.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (activeReadBuffers() - afterFirstRound >= connections && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long now = activeReadBuffers();
            assertThat(now - afterFirstRound)
                    .as("read buffers unreleased: %d after one round, %d after four", afterFirstRound, now)
                    .isLessThan(connections);
        }
    }

    private static void stopReadersMidStream(Sandbox sandbox, CompiledGuest reader, int port, int readers)
            throws InterruptedException {
        var runs = new ArrayList<GuestRun>();
        for (int i = 0; i < readers; i++) {
            runs.add(GuestRun.start(
                    sandbox,
                    reader,
                    EgressGuard.allowAll(EgressListener.none()),
                    "127.0.0.1",
                    String.valueOf(port),
                    "--no-hash"));
        }
        runs.forEach(run -> run.awaitStdout("connected"));
        RobustnessTest.awaitZero(() -> sandbox.networkStats().bufferedBytes() > 0 ? 0 : 1);
        runs.forEach(GuestRun::interrupt);
        runs.forEach(GuestRun::await);
    }

    /**
     * Server guests, each with clients that send until closed and never read: once the kernel's buffers hold all
     * the echo they can, the guest stops reading a client whose echo it cannot send, so what the client sends next
     * stays in the connection's buffer until the guest ends.
     */
    private static void stopServersWithUnreadClients(Sandbox sandbox, CompiledGuest server, int connections)
            throws Exception {
        int clientsPerServer = 10;
        var servers = new ArrayList<GuestRun>();
        var clients = new ArrayList<Socket>();
        for (int i = 0; i < connections / clientsPerServer; i++) {
            var run = GuestRun.start(
                    sandbox,
                    server,
                    EgressGuard.allowAll(EgressListener.none()),
                    "0",
                    String.valueOf(clientsPerServer));
            servers.add(run);
            run.awaitStdout("listening=");
            int port = Integer.parseInt(run.stdout()
                    .lines()
                    .filter(line -> line.startsWith("listening="))
                    .findFirst()
                    .orElseThrow()
                    .substring("listening=".length())
                    .trim());
            for (int c = 0; c < clientsPerServer; c++) {
                var client = new Socket(InetAddress.getLoopbackAddress(), port);
                clients.add(client);
                Thread.ofVirtual().start(() -> {
                    try {
                        byte[] chunk = new byte[64 * 1024];
                        while (true) {
                            client.getOutputStream().write(chunk);
                        }
                    } catch (IOException closedByTheTest) {
                        // The test closes the client once the server guest ended.
                    }
                });
            }
        }
        long heldByGuests = (long) connections * SandboxLimits.DEFAULTS.receiveBufferBytes() / 2;
        RobustnessTest.awaitZero(() -> sandbox.networkStats().bufferedBytes() >= heldByGuests ? 0 : 1);
        servers.forEach(GuestRun::interrupt);
        servers.forEach(GuestRun::await);
        for (Socket client : clients) {
            client.close();
        }
    }

    /** Direct buffers of the pool Vert.x reads sockets into that nobody has released yet. */
    private static long activeReadBuffers() {
        var metric = ((PooledByteBufAllocator) VertxByteBufAllocator.POOLED_ALLOCATOR).metric();
        return metric.directArenas().stream()
                .mapToLong(arena -> arena.numActiveAllocations())
                .sum();
    }

    private static GuestOutcome runOnce(Sandbox sandbox, CompiledGuest guest, List<String> args) {
        return runOnce(sandbox, guest, args, SandboxLimits.DEFAULTS);
    }

    private static GuestOutcome runOnce(Sandbox sandbox, CompiledGuest guest, List<String> args, SandboxLimits limits) {
        return sandbox.run(
                guest,
                GuestOptions.builder()
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
