package dev.sockeye.api.observability;

import dev.sockeye.store.audit.ActivityBucket;
import dev.sockeye.store.audit.EgressDecisionEntry;
import dev.sockeye.store.audit.EgressEvent;
import dev.sockeye.store.audit.FunctionUsage;
import dev.sockeye.store.audit.InvocationEntry;
import dev.sockeye.store.audit.LatencyPercentiles;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Response bodies of the observability resource. */
public final class AuditViews {

    private AuditViews() {}

    /** A page: {@code items} from {@code offset}; {@code nextOffset} is null on the last page. */
    public record Page<T>(List<T> items, int offset, int limit, Integer nextOffset) {

        static <T> Page<T> of(List<T> fetched, int offset, int limit) {
            boolean more = fetched.size() > limit;
            return new Page<>(more ? fetched.subList(0, limit) : fetched, offset, limit, more ? offset + limit : null);
        }
    }

    /** One invocation; {@code stderrTail} only in the single-invocation view. */
    public record Invocation(
            UUID id,
            String function,
            int version,
            String status,
            Instant startedAt,
            long durationMs,
            long bytesIn,
            long bytesOut,
            int denials,
            String stderrTail) {

        static Invocation summary(InvocationEntry record) {
            return new Invocation(
                    record.id(),
                    record.functionName(),
                    record.version(),
                    record.status(),
                    record.startedAt(),
                    record.duration().toMillis(),
                    record.bytesIn(),
                    record.bytesOut(),
                    record.denials(),
                    null);
        }

        static Invocation full(InvocationEntry record) {
            return new Invocation(
                    record.id(),
                    record.functionName(),
                    record.version(),
                    record.status(),
                    record.startedAt(),
                    record.duration().toMillis(),
                    record.bytesIn(),
                    record.bytesOut(),
                    record.denials(),
                    record.stderrTail());
        }
    }

    /**
     * One step of an invocation's egress timeline.
     *
     * @param sequence the decision's place in the invocation, from 0
     * @param kind lookup, connect, bind, listen, send or receive
     * @param verdict allowed, denied or would_deny
     * @param rule the rule that allowed it, or null
     */
    public record EgressStep(
            int sequence,
            Instant occurredAt,
            String kind,
            String verdict,
            String destination,
            String rule,
            String reason) {

        static EgressStep of(EgressDecisionEntry entry) {
            return new EgressStep(
                    entry.sequence(),
                    entry.occurredAt(),
                    entry.kind(),
                    entry.verdict(),
                    entry.destination(),
                    entry.rule(),
                    entry.reason());
        }
    }

    /** A denial, or the allowed connections to one destination within one minute ({@code count}). */
    public record Egress(
            String decision,
            String function,
            Instant occurredAt,
            String destination,
            String reason,
            UUID invocationId,
            long count) {

        static Egress of(EgressEvent event) {
            return new Egress(
                    event.decision().name().toLowerCase(Locale.ROOT),
                    event.functionName(),
                    event.occurredAt(),
                    event.destination(),
                    event.reason().orElse(null),
                    event.invocationId().orElse(null),
                    event.count());
        }
    }

    public record Usage(
            String function,
            Instant since,
            long invocations,
            Map<String, Long> invocationsByStatus,
            long totalDurationMs,
            long bytesIn,
            long bytesOut,
            long egressDenied,
            long egressAllowed,
            Double latencyP50Ms,
            Double latencyP99Ms) {

        static Usage of(FunctionUsage usage) {
            return new Usage(
                    usage.functionName(),
                    usage.since(),
                    usage.invocations(),
                    usage.invocationsByStatus(),
                    usage.totalDuration().toMillis(),
                    usage.bytesIn(),
                    usage.bytesOut(),
                    usage.denials(),
                    usage.allowedEgress(),
                    usage.latency().map(LatencyPercentiles::p50Ms).orElse(null),
                    usage.latency().map(LatencyPercentiles::p99Ms).orElse(null));
        }
    }

    /** Activity over time: every bucket from {@code since} to {@code until}, {@code bucketSeconds} long each. */
    public record Activity(String function, Instant since, Instant until, long bucketSeconds, List<Bucket> buckets) {}

    /** One bucket of {@link Activity}; the latencies are null when nothing ran in it. */
    public record Bucket(
            Instant start, long invocations, long errors, long denials, Double latencyP50Ms, Double latencyP99Ms) {

        static Bucket of(ActivityBucket bucket) {
            return new Bucket(
                    bucket.start(),
                    bucket.invocations(),
                    bucket.errors(),
                    bucket.denials(),
                    bucket.latency().map(LatencyPercentiles::p50Ms).orElse(null),
                    bucket.latency().map(LatencyPercentiles::p99Ms).orElse(null));
        }
    }
}
