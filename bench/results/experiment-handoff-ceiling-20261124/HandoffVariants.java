package dev.sockeye.bench.sockets;

import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.limits.SandboxLimits;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Experiment (not part of the build): how close can ANY reader that runs on its own thread, fed by the event loop,
 * come to the on-loop Vert.x client of B1? Readers, alternated in each round on one stream server:
 * onloop (B1's Java client), guest (B1's guest), virtual and platform: plain Java, no Wasm, the loop puts each read
 * buffer on a lock-free queue and unparks the reader only if it is parked; the reader copies into a 64 KiB array.
 *
 * <p>Run from the repo root after {@code bench/run-b1.sh} built the bench module:
 * {@code javac -d /tmp/exp -cp "bench/sockets/target/classes:bench/sockets/target/lib/*" HandoffVariants.java}, then
 * {@code java -Xmx1g -cp "/tmp/exp:bench/sockets/target/classes:bench/sockets/target/lib/*"
 * dev.sockeye.bench.sockets.HandoffVariants ROUNDS onloop,guest,virtual,platform SERVER_WRITE_KIB}.
 */
public final class HandoffVariants {
    private static final Buffer END = Buffer.buffer();
    private static final long STREAM_BYTES = 256L << 20;

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        String[] readers = args[1].split(",");
        int serverWriteBytes = Integer.parseInt(args[2]) * 1024;
        try (Sandbox sandbox = Sandbox.builder().build();
                StreamServer server = new StreamServer(STREAM_BYTES, serverWriteBytes)) {
            CompiledGuest guest = sandbox.compile(BenchGuests.bytes("tcp_stream_reader"));
            var rates = new LinkedHashMap<String, List<Double>>();
            for (int round = -rounds; round < rounds; round++) { // the first half warms up
                for (String reader : readers) {
                    long nanos = switch (reader) {
                        case "onloop" -> StreamThroughput.javaRead(sandbox, server.port(), STREAM_BYTES);
                        case "guest" -> StreamThroughput.guestRead(sandbox, guest, SandboxLimits.DEFAULTS,
                                server.port(), STREAM_BYTES);
                        case "virtual" -> handedOff(sandbox, server.port(), false);
                        case "platform" -> handedOff(sandbox, server.port(), true);
                        default -> throw new IllegalArgumentException(reader);
                    };
                    if (round >= 0) {
                        rates.computeIfAbsent(reader, ignored -> new ArrayList<>())
                                .add(StreamThroughput.rate(STREAM_BYTES, nanos));
                    }
                }
            }
            System.out.printf("server_write_kib=%d rounds=%d", serverWriteBytes / 1024, rounds);
            rates.forEach((reader, list) -> System.out.printf(" %s_mib_s=%.0f", reader, Stats.median(list)));
            System.out.println();
        }
    }

    private static long handedOff(Sandbox sandbox, int port, boolean platformThread) throws Exception {
        var queue = new ConcurrentLinkedQueue<Buffer>();
        var parked = new AtomicReference<Thread>();
        Runnable wake = () -> {
            Thread reader = parked.get();
            if (reader != null) {
                LockSupport.unpark(reader);
            }
        };
        var count = new CompletableFuture<Long>();
        Runnable reader = () -> {
            byte[] recv = new byte[64 * 1024];
            long read = 0;
            while (true) {
                Buffer head = queue.poll();
                if (head == null) {
                    parked.set(Thread.currentThread());
                    while ((head = queue.poll()) == null) {
                        LockSupport.park();
                    }
                    parked.set(null);
                }
                if (head == END) {
                    count.complete(read);
                    return;
                }
                for (int offset = 0; offset < head.length(); ) {
                    int take = Math.min(recv.length, head.length() - offset);
                    head.getBytes(offset, offset + take, recv, 0);
                    offset += take;
                    read += take;
                }
            }
        };
        long start = System.nanoTime();
        (platformThread ? Thread.ofPlatform() : Thread.ofVirtual()).start(reader);
        try (var connection = StreamConnection.open(sandbox, port, failure -> {
            queue.add(END);
            wake.run();
        }, socket -> {
            socket.handler(buffer -> {
                queue.add(buffer);
                wake.run();
            });
            socket.endHandler(end -> {
                queue.add(END);
                wake.run();
            });
        })) {
            long read = count.get(300, TimeUnit.SECONDS);
            if (read != STREAM_BYTES) {
                throw new IllegalStateException("read " + read + " bytes");
            }
            return System.nanoTime() - start;
        }
    }
}
