package dev.sockeye.bench.sockets;

import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.GuestOutcome;
import dev.sockeye.sockets.NetworkStats;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;

/**
 * B2: many {@code park_recv} guests, each on its own virtual thread, parked at once in a blocking recv against a
 * loopback server (a separate {@link ParkServer} process); then the server closes every connection and all guests
 * finish. Reports heap used after a full GC and the platform thread count at three points: before (after a small
 * warm-up batch went through the same cycle), while parked, and after release, plus the sandbox's
 * {@link NetworkStats} gauges.
 *
 * <p>Arguments: {@code [guests, default 10000]}.
 */
public final class ParkedGuests {
    private static final int WARMUP_GUESTS = 200;
    /** Guests connecting at once; more would overflow the server's accept queue and stall connects on SYN retries. */
    private static final int MAX_CONNECTING = 500;

    private static final long TIMEOUT_SECONDS = 600;
    private static final double MIB = 1024.0 * 1024.0;

    private final Sandbox sandbox;
    private final CompiledGuest parkRecv;
    private final ParkServerProcess server;

    private ParkedGuests(Sandbox sandbox, CompiledGuest parkRecv, ParkServerProcess server) {
        this.sandbox = sandbox;
        this.parkRecv = parkRecv;
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        int guests = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        MachineLoad.print("start");
        System.out.println("guests=" + guests + " max_heap_mib="
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " open_files_limit=" + openFilesLimit());
        try (Sandbox sandbox = Sandbox.builder().build();
                ParkServerProcess server = ParkServerProcess.start()) {
            var bench = new ParkedGuests(sandbox, sandbox.compile(BenchGuests.bytes("park_recv")), server);
            bench.cycle(WARMUP_GUESTS, "warmup");
            Snapshot baseline = Snapshot.take(sandbox.networkStats());
            System.out.println("baseline " + baseline);
            bench.cycle(guests, "measured").report(baseline, guests);
        }
        MachineLoad.print("end");
    }

    /** Parks {@code count} guests, snapshots, releases them all, snapshots again. */
    private CycleResult cycle(int count, String label) throws Exception {
        var outputs = new ParkedOutput[count];
        var outcomes = new ArrayList<CompletableFuture<GuestOutcome>>(count);
        var parked = new AtomicInteger();
        var connecting = new Semaphore(MAX_CONNECTING);
        long startNanos = System.nanoTime();
        for (int i = 0; i < count; i++) {
            connecting.acquire();
            outputs[i] = new ParkedOutput(() -> {
                parked.incrementAndGet();
                connecting.release();
            });
            outcomes.add(start(outputs[i], connecting));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (parked.get() < count) {
            long ended = outcomes.stream().filter(CompletableFuture::isDone).count();
            if (ended > 0 || System.nanoTime() > deadline) {
                throw new IllegalStateException(label + ": " + parked.get() + " parked, " + ended
                        + " ended early; first: "
                        + outcomes.stream()
                                .filter(CompletableFuture::isDone)
                                .findFirst()
                                .map(CompletableFuture::join)
                                .orElse(null));
            }
            Thread.sleep(50);
        }
        double parkSeconds = (System.nanoTime() - startNanos) / 1e9;
        int accepted = server.accepted();
        Thread.sleep(1000); // every guest printed "parked" just before its recv; let the last ones reach it
        Snapshot whileParked = Snapshot.take(sandbox.networkStats());
        System.out.printf(
                "%s parked=%d server_accepted=%d seconds_to_park=%.1f%n", label, parked.get(), accepted, parkSeconds);
        System.out.println(label + " while_parked " + whileParked);
        printHistogram(label);

        long releaseNanos = System.nanoTime();
        int closed = server.closeAll();
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        double releaseSeconds = (System.nanoTime() - releaseNanos) / 1e9;
        int cleanExits = 0;
        int sawClose = 0;
        for (int i = 0; i < count; i++) {
            cleanExits += outcomes.get(i).join().exitCode() == 0 ? 1 : 0;
            sawClose += outputs[i].lines() >= 2 ? 1 : 0;
        }
        outcomes.clear();
        Snapshot released = Snapshot.take(sandbox.networkStats());
        System.out.printf(
                "%s server_closed=%d exit0=%d printed_closed=%d seconds_to_release=%.1f%n",
                label, closed, cleanExits, sawClose, releaseSeconds);
        System.out.println(label + " after_release " + released);
        return new CycleResult(whileParked, released, cleanExits);
    }

    private CompletableFuture<GuestOutcome> start(ParkedOutput output, Semaphore connecting) {
        var outcome = new CompletableFuture<GuestOutcome>();
        var options = GuestOptions.builder()
                .args("park_recv", List.of("127.0.0.1", String.valueOf(server.port())))
                .stdout(output)
                .stderr(output.stderr())
                .guard(EgressGuard.allowAll(EgressListener.none()))
                .build();
        Thread.ofVirtual().start(() -> {
            try {
                outcome.complete(sandbox.run(parkRecv, options));
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            } finally {
                if (output.lines() == 0) {
                    connecting.release(); // ended without parking
                }
            }
        });
        return outcome;
    }

    private record CycleResult(Snapshot parked, Snapshot released, int cleanExits) {
        void report(Snapshot baseline, int guests) {
            double perGuest = (parked.heapUsed - baseline.heapUsed) / (double) guests;
            System.out.printf(
                    "result guests=%d heap_baseline_mib=%.1f heap_parked_mib=%.1f heap_released_mib=%.1f"
                            + " heap_per_parked_guest_kib=%.1f platform_threads_baseline=%d platform_threads_parked=%d"
                            + " platform_threads_released=%d open_sockets_released=%d buffered_bytes_released=%d"
                            + " exit0=%d target_heap_mib=2048 met=%s%n",
                    guests,
                    baseline.heapUsed / MIB,
                    parked.heapUsed / MIB,
                    released.heapUsed / MIB,
                    perGuest / 1024,
                    baseline.platformThreads,
                    parked.platformThreads,
                    released.platformThreads,
                    released.openSockets,
                    released.bufferedBytes,
                    cleanExits,
                    parked.heapUsed < 2048 * MIB
                            && released.openSockets == 0
                            && released.bufferedBytes == 0
                            && cleanExits == guests);
        }
    }

    /** Heap used after a full GC, platform threads, direct buffers and the sandbox's socket gauges. */
    private record Snapshot(
            long heapUsed, int platformThreads, long directBytes, long openSockets, long bufferedBytes) {
        static Snapshot take(NetworkStats stats) throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
            }
            long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                    .filter(pool -> pool.getName().equals("direct"))
                    .mapToLong(BufferPoolMXBean::getMemoryUsed)
                    .sum();
            return new Snapshot(
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                    ManagementFactory.getThreadMXBean().getThreadCount(),
                    direct,
                    stats.openSockets(),
                    stats.bufferedBytes());
        }

        @Override
        public String toString() {
            return String.format(
                    "heap_used_mib=%.1f platform_threads=%d direct_buffers_mib=%.1f open_sockets=%d"
                            + " buffered_bytes=%d",
                    heapUsed / MIB, platformThreads, directBytes / MIB, openSockets, bufferedBytes);
        }
    }

    /**
     * With {@code -Dbench.histogram=N}, prints the top N lines of the live heap's class histogram (jcmd
     * GC.class_histogram) while the guests are parked: where the per-guest heap goes.
     */
    private static void printHistogram(String label) throws Exception {
        int lines = Integer.getInteger("bench.histogram", 0);
        if (lines <= 0) {
            return;
        }
        var diagnostics = new ObjectName("com.sun.management:type=DiagnosticCommand");
        String histogram = (String) ManagementFactory.getPlatformMBeanServer()
                .invoke(diagnostics, "gcClassHistogram", new Object[] {new String[0]}, new String[] {
                    String[].class.getName()
                });
        histogram.lines().limit(lines + 3L).forEach(line -> System.out.println(label + " histogram " + line));
    }

    private static String openFilesLimit() {
        try {
            return Files.readAllLines(Path.of("/proc/self/limits")).stream()
                    .filter(line -> line.startsWith("Max open files"))
                    .findFirst()
                    .map(line -> line.replaceAll("\\s+", " ").trim())
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * A guest's stdout that only counts lines: park_recv prints "parked" before blocking and "closed" at EOF.
     * Keeping no text keeps the harness's own heap share per guest small.
     */
    private static final class ParkedOutput extends OutputStream {
        private final Runnable onParked;
        private volatile int lines;

        ParkedOutput(Runnable onParked) {
            this.onParked = onParked;
        }

        @Override
        public void write(int b) {
            if (b == '\n' && ++lines == 1) {
                onParked.run();
            }
        }

        int lines() {
            return lines;
        }

        /** A guest's stderr: any output there is a failure worth seeing. */
        OutputStream stderr() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    System.err.write(b);
                }
            };
        }
    }

    /** The {@link ParkServer} child process, driven through its stdin and stdout. */
    private static final class ParkServerProcess implements AutoCloseable {
        private final Process process;
        private final PrintWriter commands;
        private final BufferedReader replies;
        private final int port;

        private ParkServerProcess(Process process) throws IOException {
            this.process = process;
            this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.port = Integer.parseInt(value(replies.readLine(), "port"));
        }

        static ParkServerProcess start() throws IOException {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            var process = new ProcessBuilder(
                            java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), ParkServer.class.getName())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return new ParkServerProcess(process);
        }

        int port() {
            return port;
        }

        int accepted() throws IOException {
            commands.println("count");
            return Integer.parseInt(value(replies.readLine(), "accepted"));
        }

        int closeAll() throws IOException {
            commands.println("close");
            return Integer.parseInt(value(replies.readLine(), "closed"));
        }

        private static String value(String line, String key) {
            if (line == null || !line.startsWith(key + "=")) {
                throw new IllegalStateException("park server said " + line + ", expected " + key + "=...");
            }
            return line.substring(key.length() + 1);
        }

        @Override
        public void close() throws InterruptedException {
            commands.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
            }
        }
    }
}
