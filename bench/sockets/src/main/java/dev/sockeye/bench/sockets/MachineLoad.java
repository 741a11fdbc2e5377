package dev.sockeye.bench.sockets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load, printed next to every result: the benchmarks share 2 cores with other builds. */
final class MachineLoad {
    private MachineLoad() {}

    /** {@code /proc/loadavg}'s 1, 5 and 15 minute averages, as uptime(1) shows them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void print(String when) {
        System.out.println("load_" + when + "=" + loadAverage() + " cpus="
                + Runtime.getRuntime().availableProcessors());
    }
}
