package dev.sockeye.bench.sockets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Medians and ratios of repeated measurements. */
final class Stats {
    private Stats() {}

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Element by element: {@code numerators[i] / denominators[i]}, one ratio per round. */
    static List<Double> ratios(List<Double> numerators, List<Double> denominators) {
        var ratios = new ArrayList<Double>();
        for (int i = 0; i < numerators.size(); i++) {
            ratios.add(numerators.get(i) / denominators.get(i));
        }
        return ratios;
    }
}
