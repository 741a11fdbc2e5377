package dev.sockeye.bench.sockets;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * B3, paired: the same four operations as {@link InstantiationBenchmark}, run in alternating short batches in one
 * JVM, so that load from other processes on the shared machine falls on Sockeye and Chicory alike. JMH runs each
 * benchmark in its own time window, and on this machine a window can be 100x slower than the next one; the ratio
 * of two batches measured a few milliseconds apart is much steadier. Allocation per op comes from the thread's
 * allocation counter.
 *
 * <p>Arguments: {@code [pairs, default 40] [ops per batch, default 500] [warm-up pairs, default 20]}.
 */
public final class PairedInstantiation {
    private PairedInstantiation() {}

    private record Operation(String name, Supplier<Object> body) {}

    private record Batch(double microsPerOp, double bytesPerOp) {}

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int opsPerBatch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int warmupPairs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        MachineLoad.print("start");
        System.out.println("pairs=" + pairs + " ops_per_batch=" + opsPerBatch + " warmup_pairs=" + warmupPairs);
        var benchmark = new InstantiationBenchmark();
        benchmark.setUp();
        try {
            compare(
                    new Operation("sockeyeInstantiate", benchmark::sockeyeInstantiate),
                    new Operation("chicoryInstantiate", benchmark::chicoryInstantiate),
                    pairs,
                    opsPerBatch,
                    warmupPairs);
            compare(
                    new Operation("sockeyeRun", benchmark::sockeyeRun),
                    new Operation("chicoryRun", benchmark::chicoryRun),
                    pairs,
                    opsPerBatch,
                    warmupPairs);
        } finally {
            benchmark.tearDown();
        }
        MachineLoad.print("end");
    }

    private static void compare(Operation ours, Operation baseline, int pairs, int opsPerBatch, int warmupPairs) {
        var ourTimes = new ArrayList<Double>();
        var baselineTimes = new ArrayList<Double>();
        var ratios = new ArrayList<Double>();
        var ourBytes = new ArrayList<Double>();
        var baselineBytes = new ArrayList<Double>();
        for (int pair = -warmupPairs; pair < pairs; pair++) {
            // Alternate which goes first, so neither always follows the other's garbage.
            boolean oursFirst = (pair & 1) == 0;
            Batch first = batch(oursFirst ? ours : baseline, opsPerBatch);
            Batch second = batch(oursFirst ? baseline : ours, opsPerBatch);
            Batch our = oursFirst ? first : second;
            Batch base = oursFirst ? second : first;
            if (pair >= 0) {
                ourTimes.add(our.microsPerOp);
                baselineTimes.add(base.microsPerOp);
                ratios.add(our.microsPerOp / base.microsPerOp);
                ourBytes.add(our.bytesPerOp);
                baselineBytes.add(base.bytesPerOp);
            }
        }
        System.out.printf(
                "%s: median_us_per_op=%.1f p10=%.1f alloc_b_per_op=%.0f%n",
                ours.name, Stats.median(ourTimes), percentile(ourTimes, 0.1), Stats.median(ourBytes));
        System.out.printf(
                "%s: median_us_per_op=%.1f p10=%.1f alloc_b_per_op=%.0f%n",
                baseline.name,
                Stats.median(baselineTimes),
                percentile(baselineTimes, 0.1),
                Stats.median(baselineBytes));
        System.out.printf(
                "ratio %s/%s: median_of_paired_ratios=%.2f p25=%.2f p75=%.2f alloc=%.3f load=%s%n",
                ours.name,
                baseline.name,
                Stats.median(ratios),
                percentile(ratios, 0.25),
                percentile(ratios, 0.75),
                Stats.median(ourBytes) / Stats.median(baselineBytes),
                MachineLoad.loadAverage());
    }

    private static Batch batch(Operation operation, int ops) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        Object last = null;
        for (int i = 0; i < ops; i++) {
            last = operation.body.get();
        }
        long elapsed = System.nanoTime() - start;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        if (last == null) {
            throw new IllegalStateException(operation.name + " returned nothing");
        }
        return new Batch(elapsed / 1e3 / ops, (double) allocated / ops);
    }

    private static double percentile(List<Double> values, double fraction) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) (fraction * sorted.size())));
    }
}
