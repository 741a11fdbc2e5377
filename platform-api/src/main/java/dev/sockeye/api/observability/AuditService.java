package dev.sockeye.api.observability;

import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.api.problems.ApiException;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.audit.EgressEventQuery;
import dev.sockeye.store.errors.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Reads of the audit trail: invocations, egress events and usage, with paging and filters checked here. */
@ApplicationScoped
public class AuditService {

    private static final Duration DEFAULT_USAGE_WINDOW = Duration.ofDays(1);
    private static final Duration DEFAULT_ACTIVITY_WINDOW = Duration.ofHours(1);
    private static final Duration DEFAULT_BUCKET = Duration.ofMinutes(1);
    private static final int MIN_BUCKET_SECONDS = 10;
    private static final int MAX_BUCKET_SECONDS = 86_400;
    private static final int MAX_BUCKETS = 1_440;
    private static final Duration RECORD_POLL = Duration.ofMillis(20);

    @Inject
    PolicyStore store;

    @Inject
    SockeyeConfig config;

    public AuditViews.Page<AuditViews.Invocation> invocations(
            String function, String status, Integer offset, Integer limit) {
        store.functions().get(function);
        int from = offset(offset);
        int size = limit(limit);
        var rows = store.auditLog().invocations(function, Optional.ofNullable(status), from, size + 1);
        return AuditViews.Page.of(
                rows.stream().map(AuditViews.Invocation::summary).toList(), from, size);
    }

    /** The newest invocations of these functions, each with its stderr tail, in one query (for lists that show tails). */
    public List<AuditViews.Invocation> recentWithStderr(Collection<String> functions, int limit) {
        return store.auditLog().recentInvocations(functions, limit).stream()
                .map(AuditViews.Invocation::full)
                .toList();
    }

    public AuditViews.Invocation invocation(String id) {
        return store.auditLog()
                .invocation(invocationId(id))
                .map(AuditViews.Invocation::full)
                .orElseThrow(() -> new StoreException.NotFound("no invocation " + id));
    }

    /**
     * The invocation once the audit trail holds it (it is written in batches, shortly after the response): what a
     * caller that has just seen {@code Sockeye-Invocation-Id} reads with {@code GET /api/v1/invocations/{id}}. Empty if
     * it is not there within {@code wait}.
     */
    public Optional<AuditViews.Invocation> recordedInvocation(String id, Duration wait) throws InterruptedException {
        UUID uuid = invocationId(id);
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            var found = store.auditLog().invocation(uuid);
            if (found.isPresent()) {
                return found.map(AuditViews.Invocation::full);
            }
            // What is queued is written now; a record queued just after the response comes with the next round.
            store.auditWriter().flush(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0)));
            Thread.sleep(RECORD_POLL.toMillis());
        } while (System.nanoTime() < deadline);
        return store.auditLog().invocation(uuid).map(AuditViews.Invocation::full);
    }

    /** Every egress decision of an invocation in order, allowed or denied: its egress timeline. */
    public List<AuditViews.EgressStep> egressTimeline(String id) {
        UUID uuid = invocationId(id);
        var steps = store.auditLog().egressDecisions(uuid).stream()
                .map(AuditViews.EgressStep::of)
                .toList();
        if (steps.isEmpty() && store.auditLog().invocation(uuid).isEmpty()) {
            throw new StoreException.NotFound("no invocation " + id);
        }
        return steps;
    }

    private static UUID invocationId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("id", "invocation id must be a UUID, was '" + id + "'");
        }
    }

    public AuditViews.Page<AuditViews.Egress> egressEvents(
            String function, String decision, String since, String until, Integer offset, Integer limit) {
        int from = offset(offset);
        int size = limit(limit);
        var query = new EgressEventQuery(
                Optional.ofNullable(function),
                Optional.ofNullable(decision(decision)),
                Optional.ofNullable(instant("since", since)),
                Optional.ofNullable(instant("until", until)),
                from,
                size + 1);
        return AuditViews.Page.of(
                store.auditLog().egressEvents(query).stream()
                        .map(AuditViews.Egress::of)
                        .toList(),
                from,
                size);
    }

    public AuditViews.Usage usage(String function, String since) {
        store.functions().get(function);
        Instant from = Optional.ofNullable(instant("since", since))
                .orElse(Instant.now().minus(DEFAULT_USAGE_WINDOW));
        return AuditViews.Usage.of(store.auditLog().usage(function, from));
    }

    /**
     * Invocations, errors, denials and p50/p99 latency over time, of one function or (null) all: buckets of
     * {@code bucketSeconds} (default 60) from {@code since} (default an hour ago, on a bucket boundary) until now.
     */
    public AuditViews.Activity activity(String function, String since, Integer bucketSeconds) {
        if (function != null) {
            store.functions().get(function);
        }
        if (bucketSeconds != null && (bucketSeconds < MIN_BUCKET_SECONDS || bucketSeconds > MAX_BUCKET_SECONDS)) {
            throw ApiException.badRequest(
                    "bucket",
                    "bucket must be " + MIN_BUCKET_SECONDS + "-" + MAX_BUCKET_SECONDS + " seconds, was "
                            + bucketSeconds);
        }
        long bucket = bucketSeconds == null ? DEFAULT_BUCKET.toSeconds() : bucketSeconds;
        Instant now = Instant.now();
        // Buckets end on a multiple of their length, so that two reads a few seconds apart show the same minutes.
        Instant until = Instant.ofEpochSecond((now.getEpochSecond() / bucket + 1) * bucket);
        Instant from = Optional.ofNullable(instant("since", since)).orElse(until.minus(DEFAULT_ACTIVITY_WINDOW));
        if (!from.isBefore(now)) {
            throw ApiException.badRequest("since", "since must be in the past, was '" + since + "'");
        }
        long count = Math.ceilDiv(Duration.between(from, until).toSeconds(), bucket);
        if (count > MAX_BUCKETS) {
            throw ApiException.badRequest(
                    "since",
                    "since and bucket make " + count + " buckets, at most " + MAX_BUCKETS
                            + " are answered: a later since or a longer bucket");
        }
        Instant end = from.plusSeconds(count * bucket);
        var buckets =
                store.auditLog().timeline(Optional.ofNullable(function), from, end, Duration.ofSeconds(bucket)).stream()
                        .map(AuditViews.Bucket::of)
                        .toList();
        return new AuditViews.Activity(function, from, end, bucket, buckets);
    }

    static EgressEventQuery.Decision decision(String text) {
        if (text == null) {
            return null;
        }
        try {
            return EgressEventQuery.Decision.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("decision", "decision must be 'allowed' or 'denied', was '" + text + "'");
        }
    }

    private static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    field, field + " must be an ISO-8601 instant like 2026-11-24T00:00:00Z, was '" + text + "'");
        }
    }

    private static int offset(Integer offset) {
        if (offset != null && offset < 0) {
            throw ApiException.badRequest("offset", "offset must be >= 0, was " + offset);
        }
        return offset == null ? 0 : offset;
    }

    private int limit(Integer limit) {
        int max = config.audit().maxPageSize();
        if (limit != null && (limit < 1 || limit > max)) {
            throw ApiException.badRequest("limit", "limit must be 1-" + max + ", was " + limit);
        }
        return limit == null ? config.audit().defaultPageSize() : limit;
    }
}
