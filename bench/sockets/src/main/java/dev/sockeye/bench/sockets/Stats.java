package dev.sockeye.bench.sockets;

import java.util.Arrays;
import java.util.List;

/** Medians of repeated measurements. */
final class Stats {
    private Stats() {}

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
