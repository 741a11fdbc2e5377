package dev.sockeye.bench.sockets;

import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.limits.SandboxLimits;
import java.util.ArrayList;

/**
 * B1 with one reader per JVM: the same guest, Vert.x client and virtual-thread socket reader as
 * {@link StreamThroughput}, but this process runs only one of them, so none shares its JIT profiles, heap or event
 * loops with another. {@code bench/run-b1-separate.sh} alternates the three processes.
 *
 * <p>Arguments: {@code guest|java|vthread-socket [MiB per stream, default 256] [measured rounds, default 16] [warm-up rounds,
 * default 16]}.
 */
public final class StreamOneReader {
    private StreamOneReader() {}

    public static void main(String[] args) throws Exception {
        String reader = args.length > 0 ? args[0] : "";
        if (!reader.equals("guest") && !reader.equals("java") && !reader.equals("vthread-socket")) {
            throw new IllegalArgumentException(
                    "first argument must be guest, java or vthread-socket, not '" + reader + "'");
        }
        long streamBytes = (args.length > 1 ? Long.parseLong(args[1]) : 256) * 1024 * 1024;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int warmupRounds = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        System.out.println("reader=" + reader + " stream_bytes=" + streamBytes + " rounds=" + rounds + " warmup_rounds="
                + warmupRounds);
        try (Sandbox sandbox = Sandbox.builder().build();
                StreamServer server = new StreamServer(streamBytes, StreamServer.DEFAULT_WRITE_BYTES)) {
            CompiledGuest guest = sandbox.compile(BenchGuests.bytes("tcp_stream_reader"));
            var rates = new ArrayList<Double>();
            for (int round = 1 - warmupRounds; round <= rounds; round++) {
                long nanos = switch (reader) {
                    case "guest" ->
                        StreamThroughput.guestRead(sandbox, guest, SandboxLimits.DEFAULTS, server.port(), streamBytes);
                    case "java" -> StreamThroughput.javaRead(sandbox, server.port(), streamBytes);
                    default -> StreamThroughput.socketRead(server.port(), streamBytes);
                };
                double rate = StreamThroughput.rate(streamBytes, nanos);
                boolean warmup = round <= 0;
                System.out.printf(
                        "round=%s reader=%s mib_s=%.1f load=%s%n",
                        warmup ? "warmup" : String.valueOf(round), reader, rate, MachineLoad.loadAverage());
                if (!warmup) {
                    rates.add(rate);
                }
            }
            System.out.printf("median reader=%s mib_s=%.1f%n", reader, Stats.median(rates));
        }
    }
}
