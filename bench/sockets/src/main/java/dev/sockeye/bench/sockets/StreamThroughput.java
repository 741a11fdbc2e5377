package dev.sockeye.bench.sockets;

import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.limits.SandboxLimits;
import io.vertx.core.buffer.Buffer;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * B1: a guest ({@code tcp_stream_reader --no-hash}, 64 KiB recv calls) reads a stream from a loopback server,
 * against a plain Vert.x {@code NetClient} of the same JVM (on the sandbox's own Vert.x) reading the same stream
 * from the same server. Rounds alternate guest and Java so that load from other processes hits both alike; the
 * warm-up rounds (the JIT compiles the guest's code during the first ones) are not counted. Each round also times
 * a diagnostic third reader, plain Java with the guest's hand-off to another thread (see {@link #handoffRead}), and
 * the reader a JVM user would write for a blocking program (see {@link #socketRead}): the guest against that one is
 * the B1 target (>= 0.8), reported beside the Vert.x ratio with the CPU per GiB of each reader.
 *
 * <p>Arguments: {@code [MiB per stream, default 256] [measured rounds, default 5] [warm-up rounds, default 3]
 * [guest receive buffer in KiB, or "default" for SandboxLimits.DEFAULTS'] [server write size in KiB, default 64]}; the last
 * two are for experiments: SandboxLimits.receiveBufferBytes bounds what the host buffers per socket, and the
 * server's write size decides how much a reader finds each time it is woken.
 */
public final class StreamThroughput {
    private static final double MIB = 1024.0 * 1024.0;
    private static final long TIMEOUT_SECONDS = 300;

    private StreamThroughput() {}

    public static void main(String[] args) throws Exception {
        long streamBytes = (args.length > 0 ? Long.parseLong(args[0]) : 256) * 1024 * 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmupRounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        SandboxLimits limits = args.length > 3 && !args[3].equals("default")
                ? SandboxLimits.DEFAULTS.withBufferBytes(
                        Integer.parseInt(args[3]) * 1024, SandboxLimits.DEFAULTS.sendBufferBytes())
                : SandboxLimits.DEFAULTS;
        int serverWriteBytes = args.length > 4 ? Integer.parseInt(args[4]) * 1024 : StreamServer.DEFAULT_WRITE_BYTES;
        MachineLoad.print("start");
        System.out.println("stream_bytes=" + streamBytes + " rounds=" + rounds + " warmup_rounds=" + warmupRounds
                + " guest_receive_buffer_bytes=" + limits.receiveBufferBytes() + " server_write_bytes="
                + serverWriteBytes);
        try (Sandbox sandbox = Sandbox.builder().build();
                StreamServer server = new StreamServer(streamBytes, serverWriteBytes)) {
            CompiledGuest reader = sandbox.compile(BenchGuests.bytes("tcp_stream_reader"));
            var guestRates = new ArrayList<Double>();
            var javaRates = new ArrayList<Double>();
            var guestCpu = new ArrayList<Double>();
            var javaCpu = new ArrayList<Double>();
            var handoffRates = new ArrayList<Double>();
            var socketRates = new ArrayList<Double>();
            var socketCpu = new ArrayList<Double>();
            for (int round = 1 - warmupRounds; round <= rounds; round++) {
                long cpuBefore = processCpuNanos();
                double guest = rate(streamBytes, guestRead(sandbox, reader, limits, server.port(), streamBytes));
                long cpuBetween = processCpuNanos();
                double java = rate(streamBytes, javaRead(sandbox, server.port(), streamBytes));
                long cpuAfterJava = processCpuNanos();
                double socket = rate(streamBytes, socketRead(server.port(), streamBytes));
                long cpuAfterSocket = processCpuNanos();
                double handoff = rate(streamBytes, handoffRead(sandbox, server.port(), streamBytes));
                double guestCpuMsPerGib = cpuMsPerGib(cpuBetween - cpuBefore, streamBytes);
                double javaCpuMsPerGib = cpuMsPerGib(cpuAfterJava - cpuBetween, streamBytes);
                double socketCpuMsPerGib = cpuMsPerGib(cpuAfterSocket - cpuAfterJava, streamBytes);
                boolean warmup = round <= 0;
                System.out.printf(
                        "round=%s guest_mib_s=%.1f java_mib_s=%.1f ratio=%.3f vthread_socket_mib_s=%.1f"
                                + " guest/vthread_socket=%.3f java_handoff_mib_s=%.1f guest_cpu_ms_per_gib=%.0f"
                                + " java_cpu_ms_per_gib=%.0f vthread_socket_cpu_ms_per_gib=%.0f load=%s%n",
                        warmup ? "warmup" : String.valueOf(round),
                        guest,
                        java,
                        guest / java,
                        socket,
                        guest / socket,
                        handoff,
                        guestCpuMsPerGib,
                        javaCpuMsPerGib,
                        socketCpuMsPerGib,
                        MachineLoad.loadAverage());
                if (!warmup) {
                    guestRates.add(guest);
                    javaRates.add(java);
                    socketRates.add(socket);
                    handoffRates.add(handoff);
                    guestCpu.add(guestCpuMsPerGib);
                    javaCpu.add(javaCpuMsPerGib);
                    socketCpu.add(socketCpuMsPerGib);
                }
            }
            double guestMedian = Stats.median(guestRates);
            double javaMedian = Stats.median(javaRates);
            double socketMedian = Stats.median(socketRates);
            System.out.printf(
                    "median guest_mib_s=%.1f java_mib_s=%.1f ratio=%.3f target=0.8 met=%s%n",
                    guestMedian, javaMedian, guestMedian / javaMedian, guestMedian / javaMedian >= 0.8);
            System.out.printf("ratio_of_round_ratios_median=%.3f%n", Stats.median(Stats.ratios(guestRates, javaRates)));
            System.out.printf(
                    "median vthread_socket_mib_s=%.1f guest/vthread_socket=%.3f round_ratios_median=%.3f target=0.8"
                            + " met=%s%n",
                    socketMedian,
                    guestMedian / socketMedian,
                    Stats.median(Stats.ratios(guestRates, socketRates)),
                    guestMedian / socketMedian >= 0.8);
            System.out.printf(
                    "diagnostic java_handoff_mib_s=%.1f handoff/java=%.3f guest/handoff=%.3f%n",
                    Stats.median(handoffRates),
                    Stats.median(Stats.ratios(handoffRates, javaRates)),
                    Stats.median(Stats.ratios(guestRates, handoffRates)));
            System.out.printf(
                    "median_cpu_ms_per_gib guest=%.0f java=%.0f vthread_socket=%.0f (whole process, server included)%n",
                    Stats.median(guestCpu), Stats.median(javaCpu), Stats.median(socketCpu));
        }
        MachineLoad.print("end");
    }

    /** CPU time of the whole JVM (all threads: guest, event loops, server, JIT, GC). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double cpuMsPerGib(long cpuNanos, long bytes) {
        return cpuNanos / 1e6 / (bytes / (MIB * 1024));
    }

    static double rate(long bytes, long nanos) {
        return bytes / MIB / (nanos / 1e9);
    }

    /** Runs the guest on a virtual thread (its recv blocks) and returns the wall time of the whole run. */
    static long guestRead(Sandbox sandbox, CompiledGuest reader, SandboxLimits limits, int port, long expectedBytes) {
        var options = GuestOptions.builder()
                .args("tcp_stream_reader", List.of("127.0.0.1", String.valueOf(port), "--no-hash"))
                .guard(EgressGuard.allowAll(EgressListener.none()))
                .limits(limits);
        long start = System.nanoTime();
        String out = BenchGuests.run(sandbox, reader, options, TIMEOUT_SECONDS);
        long elapsed = System.nanoTime() - start;
        if (!out.contains("bytes=" + expectedBytes)) {
            throw new IllegalStateException("guest read the wrong length: stdout=" + out);
        }
        return elapsed;
    }

    /** Reads the stream with a Vert.x NetClient that only counts the bytes; returns the wall time. */
    static long javaRead(Sandbox sandbox, int port, long expectedBytes) throws Exception {
        var received = new CompletableFuture<Long>();
        long start = System.nanoTime();
        try (var connection = StreamConnection.open(sandbox, port, received::completeExceptionally, socket -> {
            long[] count = {0};
            socket.handler(buffer -> count[0] += buffer.length());
            socket.endHandler(end -> received.complete(count[0]));
        })) {
            long count = received.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long elapsed = System.nanoTime() - start;
            if (count != expectedBytes) {
                throw new IllegalStateException("java client read " + count + " bytes, expected " + expectedBytes);
            }
            return elapsed;
        }
    }

    /**
     * The reader a JVM user writes for a blocking program: a virtual thread reads a {@link Socket}'s stream in
     * 64 KiB reads, the guest's recv size, and only counts the bytes; returns the wall time, connect included as
     * for the other readers.
     */
    static long socketRead(int port, long expectedBytes) throws Exception {
        long start = System.nanoTime();
        try (var reader = Executors.newVirtualThreadPerTaskExecutor()) {
            long count = reader.submit(() -> {
                        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port);
                                InputStream in = socket.getInputStream()) {
                            byte[] recvBuffer = new byte[64 * 1024];
                            long read = 0;
                            for (int n; (n = in.read(recvBuffer)) >= 0; ) {
                                read += n;
                            }
                            return read;
                        }
                    })
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long elapsed = System.nanoTime() - start;
            if (count != expectedBytes) {
                throw new IllegalStateException("socket reader read " + count + " bytes, expected " + expectedBytes);
            }
            return elapsed;
        }
    }

    /**
     * Diagnostic reader, not the target's baseline: plain Java with the guest's hand-off but no Wasm. The event loop
     * queues each buffer and a virtual thread takes them, copying the bytes into a 64 KiB array, one "recv" per copy,
     * waiting whenever the queue is empty. What it loses against the on-loop reader is what a reader on its own
     * thread pays on this machine. (It does not bound its queue: the taker is faster than the loop.)
     */
    private static long handoffRead(Sandbox sandbox, int port, long expectedBytes) throws Exception {
        var queue = new LinkedBlockingQueue<Buffer>();
        var end = Buffer.buffer();
        long start = System.nanoTime();
        try (var reader = Executors.newVirtualThreadPerTaskExecutor();
                var connection = StreamConnection.open(sandbox, port, failure -> queue.add(end), socket -> {
                    socket.handler(queue::add);
                    socket.endHandler(ignoredEnd -> queue.add(end));
                })) {
            long count = reader.submit(() -> copyInRecvs(queue, end)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long elapsed = System.nanoTime() - start;
            if (count != expectedBytes) {
                throw new IllegalStateException("hand-off reader read " + count + " bytes, expected " + expectedBytes);
            }
            return elapsed;
        }
    }

    /** The hand-off reader's "recv" loop: 64 KiB copies until the end marker; returns the bytes read. */
    private static long copyInRecvs(BlockingQueue<Buffer> queue, Buffer end) throws InterruptedException {
        byte[] recvBuffer = new byte[64 * 1024];
        long count = 0;
        while (true) {
            Buffer head = queue.take();
            if (head == end) {
                return count;
            }
            for (int offset = 0; offset < head.length(); ) {
                int take = Math.min(recvBuffer.length, head.length() - offset);
                head.getBytes(offset, offset + take, recvBuffer, 0);
                offset += take;
                count += take;
            }
        }
    }
}
