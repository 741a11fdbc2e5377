package dev.sockeye.bench.egress;

import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressRequest;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The end-to-end ratio (200-rule policy / allow-all) measured in one JVM by interleaving blocks of guarded connects,
 * so that load from other processes on a shared machine falls on both sides alike (JMH runs one benchmark after the
 * other, and on a busy 2-core machine the drift between them is larger than the 5% being measured). Prints the
 * median ns/op of each side, the ratio of medians, and the median of the per-round ratios.
 *
 * <p>Run: {@code java -cp target/classes:$(cat target/classpath.txt) dev.sockeye.bench.egress.PairedRatio [rounds [connectsPerBlock]]}
 */
public final class PairedRatio {
    private static final int DECISIONS_PER_BLOCK = 200_000;

    /** Small blocks, many rounds: drift from other processes then falls on both sides of a round alike. */
    private static int connectsPerBlock;

    private PairedRatio() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        connectsPerBlock = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        var bench = new EgressDecisionBenchmark();
        bench.setUp();
        try {
            for (int warmup = 0; warmup < 5; warmup++) {
                connects(bench, bench.allowAll);
                connects(bench, bench.ruleGuard);
                decisions(bench.allowAll, bench.connectToLoopback);
                decisions(bench.ruleGuard, bench.connectToPinnedName);
            }
            report(
                    "end to end: guarded TCP connect over loopback",
                    rounds,
                    () -> connects(bench, bench.allowAll),
                    () -> connects(bench, bench.ruleGuard));
            report(
                    "decision alone: allowed connect, pinned name",
                    rounds,
                    () -> decisions(bench.allowAll, bench.connectToLoopback),
                    () -> decisions(bench.ruleGuard, bench.connectToPinnedName));
            report(
                    "decision alone: allowed connect, last IP rule",
                    rounds,
                    () -> decisions(bench.allowAll, bench.connectToLoopback),
                    () -> decisions(bench.ruleGuard, bench.connectToLoopback));
        } finally {
            bench.tearDown();
        }
    }

    private interface Block {
        double nanosPerOp() throws IOException;
    }

    private static void report(String what, int rounds, Block allowAll, Block rules) throws IOException {
        double[] baseline = new double[rounds];
        double[] policy = new double[rounds];
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            // Alternate which side goes first, so neither always follows the other's garbage.
            if (round % 2 == 0) {
                baseline[round] = allowAll.nanosPerOp();
                policy[round] = rules.nanosPerOp();
            } else {
                policy[round] = rules.nanosPerOp();
                baseline[round] = allowAll.nanosPerOp();
            }
            ratios[round] = policy[round] / baseline[round];
        }
        double baselineMedian = median(baseline);
        double policyMedian = median(policy);
        System.out.printf(
                Locale.ROOT,
                "%s (%d rounds): allow-all %.1f ns/op, 200 rules %.1f ns/op, difference %.1f ns/op",
                what,
                rounds,
                baselineMedian,
                policyMedian,
                policyMedian - baselineMedian);
        // The JIT reduces the allow-all decision to almost nothing, so a ratio means something only end to end.
        if (baselineMedian >= 1_000) {
            System.out.printf(
                    Locale.ROOT,
                    ", ratio of medians %.3f, median of per-round ratios %.3f",
                    policyMedian / baselineMedian,
                    median(ratios));
        }
        System.out.println();
    }

    private static double connects(EgressDecisionBenchmark bench, EgressGuard guard) throws IOException {
        long start = System.nanoTime();
        for (int i = 0; i < connectsPerBlock; i++) {
            bench.connect(guard);
        }
        return (System.nanoTime() - start) / (double) connectsPerBlock;
    }

    private static double decisions(EgressGuard guard, EgressRequest request) {
        long start = System.nanoTime();
        int permitted = 0;
        for (int i = 0; i < DECISIONS_PER_BLOCK; i++) {
            permitted += guard.check(request).permitsGuest() ? 1 : 0;
        }
        double nanos = (System.nanoTime() - start) / (double) DECISIONS_PER_BLOCK;
        if (permitted != DECISIONS_PER_BLOCK) {
            throw new IllegalStateException("denied");
        }
        return nanos;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
