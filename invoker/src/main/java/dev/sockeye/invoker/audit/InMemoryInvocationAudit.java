package dev.sockeye.invoker.audit;

import dev.sockeye.sockets.egress.EgressDecision;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the most recent invocations, log lines and egress decisions in memory, each list bounded by
 * {@code capacity} (oldest dropped first).
 */
public final class InMemoryInvocationAudit implements InvocationAudit {

    /** A logged stderr line. */
    public record LogLine(String invocationId, String function, String line) {}

    /** An audited egress decision. */
    public record EgressRow(String invocationId, String function, EgressDecision decision) {}

    private final int capacity;
    private final ArrayDeque<InvocationRecord> invocations = new ArrayDeque<>();
    private final ArrayDeque<LogLine> logLines = new ArrayDeque<>();
    private final ArrayDeque<EgressRow> egress = new ArrayDeque<>();

    public InMemoryInvocationAudit(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void invocation(InvocationRecord record) {
        add(invocations, record);
    }

    @Override
    public void logLine(String invocationId, String function, String line) {
        add(logLines, new LogLine(invocationId, function, line));
    }

    @Override
    public void egressDecision(String invocationId, String function, EgressDecision decision) {
        add(egress, new EgressRow(invocationId, function, decision));
    }

    public List<InvocationRecord> invocations() {
        return copy(invocations);
    }

    public List<LogLine> logLines() {
        return copy(logLines);
    }

    public List<EgressRow> egressDecisions() {
        return copy(egress);
    }

    private <T> void add(ArrayDeque<T> rows, T row) {
        synchronized (rows) {
            if (rows.size() == capacity) {
                rows.removeFirst();
            }
            rows.addLast(row);
        }
    }

    private static <T> List<T> copy(ArrayDeque<T> rows) {
        synchronized (rows) {
            return new ArrayList<>(rows);
        }
    }
}
