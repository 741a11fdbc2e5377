package dev.sockeye.bench.sockets;

import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.dns.HostsFileNameResolver;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.egress.EgressMode;
import dev.sockeye.sockets.egress.EgressOperatorConfig;
import dev.sockeye.sockets.egress.EgressPolicy;
import dev.sockeye.sockets.egress.RuleGuard;
import dev.sockeye.sockets.testing.TestPki;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Host TLS against plain TCP for the same guest binary ({@code tls_stream}, the Rust SDK's {@code TlsStream}): each
 * round streams the same number of bytes from a loopback server once in plaintext and once over host TLS (the order
 * alternates between rounds, so load from other processes hits both alike) and reports TLS/plain throughput (target
 * >= 0.7); then it opens N connections one after the other in each mode, each a tiny exchange, and reports the
 * microseconds per connection of each and their difference, the cost of one handshake with its verification and
 * audit decision. Times are the guest's own (monotonic clock, first connect to last EOF), so instantiation is not
 * in them. The certificate comes from a test CA made at start (keytool), trusted by the sandbox; the egress policy
 * is {@code tls://bench.test:<port>} and {@code tcp://bench.test:<port>}, as a deployed function would have.
 *
 * <p>Arguments: {@code [MiB per stream, default 256] [measured rounds, default 5] [warm-up rounds, default 3]
 * [connections per handshake round, default 200]}.
 */
public final class HostTlsBenchmark {
    private static final String SERVER_NAME = "bench.test";
    private static final double TARGET_RATIO = 0.7;
    private static final long TIMEOUT_SECONDS = 600;
    private static final Pattern ELAPSED = Pattern.compile("connections=(\\d+) elapsed_us=(\\d+)");

    private HostTlsBenchmark() {}

    /** One guest run's mode: plaintext, or host TLS naming {@link #SERVER_NAME}. */
    private enum Mode {
        PLAIN,
        TLS
    }

    public static void main(String[] args) throws Exception {
        long streamBytes = (args.length > 0 ? Long.parseLong(args[0]) : 256) * 1024 * 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmupRounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int connections = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        MachineLoad.print("start");
        System.out.println("stream_bytes=" + streamBytes + " rounds=" + rounds + " warmup_rounds=" + warmupRounds
                + " connections_per_round=" + connections);
        TestPki pki = TestPki.create();
        try (StreamServer plainServer = StreamServer.forTlsStream(null);
                StreamServer tlsServer = StreamServer.forTlsStream(pki.issued(SERVER_NAME));
                Sandbox sandbox = Sandbox.builder()
                        .resolver(HostsFileNameResolver.parse("127.0.0.1 " + SERVER_NAME))
                        .trustedCertificates(List.of(pki.ca()))
                        .build()) {
            CompiledGuest guest = sandbox.compile(BenchGuests.bytes("tls_stream"));
            var policy = EgressPolicy.parse(
                    List.of(
                            "tls://" + SERVER_NAME + ":" + tlsServer.port(),
                            "tcp://" + SERVER_NAME + ":" + plainServer.port()),
                    EgressMode.ENFORCE,
                    EgressOperatorConfig.defaults().withSpecialRangesForNames(true));
            var bench = new Runner(sandbox, guest, RuleGuard.of(policy, EgressListener.none()), plainServer, tlsServer);
            var plainRates = new ArrayList<Double>();
            var tlsRates = new ArrayList<Double>();
            var plainMicros = new ArrayList<Double>();
            var tlsMicros = new ArrayList<Double>();
            for (int round = 1 - warmupRounds; round <= rounds; round++) {
                boolean tlsFirst = Math.floorMod(round, 2) == 1;
                double plain;
                double tls;
                if (tlsFirst) {
                    tls = StreamThroughput.rate(streamBytes, bench.stream(Mode.TLS, streamBytes));
                    plain = StreamThroughput.rate(streamBytes, bench.stream(Mode.PLAIN, streamBytes));
                } else {
                    plain = StreamThroughput.rate(streamBytes, bench.stream(Mode.PLAIN, streamBytes));
                    tls = StreamThroughput.rate(streamBytes, bench.stream(Mode.TLS, streamBytes));
                }
                double plainPerConnection = (double) bench.connections(Mode.PLAIN, connections) / connections;
                double tlsPerConnection = (double) bench.connections(Mode.TLS, connections) / connections;
                boolean warmup = round <= 0;
                System.out.printf(
                        "round=%s first=%s plain_mib_s=%.1f tls_mib_s=%.1f tls/plain=%.3f plain_us_per_connection=%.0f"
                                + " tls_us_per_connection=%.0f handshake_us=%.0f load=%s%n",
                        warmup ? "warmup" : String.valueOf(round),
                        tlsFirst ? "tls" : "plain",
                        plain,
                        tls,
                        tls / plain,
                        plainPerConnection,
                        tlsPerConnection,
                        tlsPerConnection - plainPerConnection,
                        MachineLoad.loadAverage());
                if (!warmup) {
                    plainRates.add(plain);
                    tlsRates.add(tls);
                    plainMicros.add(plainPerConnection);
                    tlsMicros.add(tlsPerConnection);
                }
            }
            double plainMedian = Stats.median(plainRates);
            double tlsMedian = Stats.median(tlsRates);
            System.out.printf(
                    "median plain_mib_s=%.1f tls_mib_s=%.1f tls/plain=%.3f round_ratios_median=%.3f target=%.1f met=%s%n",
                    plainMedian,
                    tlsMedian,
                    tlsMedian / plainMedian,
                    Stats.median(Stats.ratios(tlsRates, plainRates)),
                    TARGET_RATIO,
                    tlsMedian / plainMedian >= TARGET_RATIO);
            double plainConnection = Stats.median(plainMicros);
            double tlsConnection = Stats.median(tlsMicros);
            System.out.printf(
                    "median plain_us_per_connection=%.0f tls_us_per_connection=%.0f handshake_us=%.0f"
                            + " (connections=%d per round, sequential)%n",
                    plainConnection, tlsConnection, tlsConnection - plainConnection, connections);
        }
        MachineLoad.print("end");
    }

    /** Runs tls_stream in one mode against the matching server. */
    private record Runner(
            Sandbox sandbox, CompiledGuest guest, EgressGuard guard, StreamServer plainServer, StreamServer tlsServer) {

        /** Streams {@code bytes} in {@code mode}; returns the guest's elapsed nanoseconds. */
        long stream(Mode mode, long bytes) {
            String out = run(mode, "--download", String.valueOf(bytes), "--no-hash");
            if (!out.contains("received=" + bytes + "\n")) {
                throw new IllegalStateException(mode + " stream: expected received=" + bytes + ", got " + out);
            }
            return elapsedMicros(out) * 1000;
        }

        /** Opens {@code count} connections one after the other in {@code mode}; returns the guest's elapsed µs. */
        long connections(Mode mode, int count) {
            return elapsedMicros(run(mode, "--connections", String.valueOf(count)));
        }

        private String run(Mode mode, String... extra) {
            var args = new ArrayList<String>();
            if (mode == Mode.TLS) {
                args.addAll(List.of(SERVER_NAME, String.valueOf(tlsServer.port()), "--tls", SERVER_NAME));
            } else {
                args.addAll(List.of(SERVER_NAME, String.valueOf(plainServer.port())));
            }
            args.addAll(List.of(extra));
            var options = GuestOptions.builder().args("tls_stream", args).guard(guard);
            return BenchGuests.run(sandbox, guest, options, TIMEOUT_SECONDS);
        }

        private static long elapsedMicros(String out) {
            Matcher matcher = ELAPSED.matcher(out);
            if (!matcher.find()) {
                throw new IllegalStateException("no elapsed_us in " + out);
            }
            return Long.parseLong(matcher.group(2));
        }
    }
}
