package dev.sockeye.invoker.store;

import dev.sockeye.invoker.audit.InvocationAudit;
import dev.sockeye.invoker.audit.InvocationRecord;
import dev.sockeye.sockets.egress.EgressDecision;
import dev.sockeye.sockets.egress.EgressRequest;
import dev.sockeye.store.audit.AuditWriter;
import dev.sockeye.store.audit.EgressAllowed;
import dev.sockeye.store.audit.EgressDecisionEntry;
import dev.sockeye.store.audit.EgressDenial;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the invoker's audit to the policy store through its non-blocking {@link AuditWriter}: one invocation row
 * per request (with its denial count and the tail of its stderr), one row per denial, allowed egress summed by the
 * writer, and each invocation's decisions one by one (its egress timeline, the first
 * {@value #MAX_DECISIONS_PER_INVOCATION}). Log lines and denials are gathered per invocation until its record arrives.
 */
public final class StoreInvocationAudit implements InvocationAudit {
    private static final System.Logger LOG = System.getLogger(StoreInvocationAudit.class.getName());
    /** Invocations with gathered lines or denials at once; beyond it their extras are not gathered. */
    private static final int MAX_OPEN_INVOCATIONS = 100_000;
    /** Decisions kept one by one per invocation; a guest looping on connect would otherwise write without end. */
    static final int MAX_DECISIONS_PER_INVOCATION = 1_000;

    private final AuditWriter writer;
    private final int stderrTailChars;
    private final ConcurrentHashMap<String, Gathered> open = new ConcurrentHashMap<>();

    /** What one invocation gathered before it ended. */
    private static final class Gathered {
        private final StringBuilder stderrTail = new StringBuilder();
        private int denials;
        private int decisions;
    }

    public StoreInvocationAudit(AuditWriter writer, int stderrTailChars) {
        this.writer = writer;
        this.stderrTailChars = stderrTailChars;
    }

    /**
     * Exports {@code sockeye_audit_dropped_total}: entries the writer dropped because its bounded queue was full
     * (Postgres down for longer than the queue holds); entries that fit are written when Postgres returns.
     */
    public StoreInvocationAudit bindTo(io.micrometer.core.instrument.MeterRegistry meters) {
        io.micrometer.core.instrument.FunctionCounter.builder("sockeye.audit.dropped", writer, AuditWriter::dropped)
                .description("audit entries dropped because the queue was full while Postgres was unreachable")
                .register(meters);
        return this;
    }

    @Override
    public void invocation(InvocationRecord record) {
        Gathered gathered = open.remove(record.invocationId());
        String tail = "";
        int denials = 0;
        if (gathered != null) {
            synchronized (gathered) {
                tail = gathered.stderrTail.toString();
                denials = gathered.denials;
            }
        }
        offer(new dev.sockeye.store.audit.InvocationEntry(
                uuid(record.invocationId()),
                record.function(),
                record.version(),
                storedStatus(record),
                record.started(),
                record.duration(),
                record.requestBytes(),
                record.responseBytes(),
                denials,
                tail));
    }

    /**
     * The store's status of a run: "timeout", "error" or "ok". A run whose response had started when it failed
     * (the client got the guest's status, then a reset connection) counts by how it ended, not by that status;
     * a run stopped because its client left counts as ok.
     */
    static String storedStatus(InvocationRecord record) {
        String outcome = record.outcome();
        if (outcome.endsWith(",client-gone")) {
            return "ok";
        }
        if (record.status() == 504 || outcome.equals("timeout")) {
            return "timeout";
        }
        boolean cutOff =
                outcome.equals("trapped") || outcome.equals("interrupted") || outcome.equals("response-too-large");
        return record.status() >= 500 || cutOff ? "error" : "ok";
    }

    @Override
    public void logLine(String invocationId, String function, String line) {
        Gathered gathered = gather(invocationId);
        if (gathered == null) {
            return;
        }
        synchronized (gathered) {
            gathered.stderrTail.append(line).append('\n');
            int excess = gathered.stderrTail.length() - stderrTailChars;
            if (excess > 0) {
                gathered.stderrTail.delete(0, excess);
            }
        }
    }

    @Override
    public void egressDecision(String invocationId, String function, EgressDecision decision) {
        String destination = destination(decision.request());
        Instant now = Instant.now();
        Gathered gathered = gather(invocationId);
        if (gathered != null) {
            int sequence;
            synchronized (gathered) {
                sequence = gathered.decisions++;
                if (decision.verdict() == EgressDecision.Verdict.DENIED) {
                    gathered.denials++;
                }
            }
            if (sequence < MAX_DECISIONS_PER_INVOCATION) {
                offer(new EgressDecisionEntry(
                        uuid(invocationId),
                        sequence,
                        function,
                        now,
                        decision.request().kind().name().toLowerCase(Locale.ROOT),
                        decision.verdict().name().toLowerCase(Locale.ROOT),
                        destination,
                        decision.rule(),
                        decision.reason()));
            }
        }
        if (decision.verdict() == EgressDecision.Verdict.ALLOWED) {
            offer(new EgressAllowed(function, destination, now));
            return;
        }
        String reason = decision.verdict() == EgressDecision.Verdict.WOULD_DENY
                ? "learn mode, would deny: " + decision.reason()
                : decision.reason();
        offer(new EgressDenial(UUID.randomUUID(), function, Optional.of(uuid(invocationId)), now, destination, reason));
    }

    private Gathered gather(String invocationId) {
        if (open.size() >= MAX_OPEN_INVOCATIONS && !open.containsKey(invocationId)) {
            return null;
        }
        return open.computeIfAbsent(invocationId, id -> new Gathered());
    }

    private void offer(dev.sockeye.store.audit.AuditEntry entry) {
        if (!writer.record(entry)) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "event=audit-dropped entry={0}",
                    entry.getClass().getSimpleName());
        }
    }

    /** {@code tcp://10.0.0.5:22}, {@code udp://[::1]:53}, or {@code dns:name} for a lookup. */
    static String destination(EgressRequest request) {
        if (request.kind() == EgressRequest.Kind.LOOKUP) {
            return "dns:" + request.hostName();
        }
        String host = request.address().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return request.transport().label() + "://" + host + ":" + request.port();
    }

    /** Invocation ids are UUIDs (see the invoker's runtime); the store keys invocations by them. */
    static UUID uuid(String invocationId) {
        return UUID.fromString(invocationId);
    }
}
