package dev.sockeye.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sockeye.store.StoreTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The API's reads of the audit trail: pages, filters, counts and usage. */
class AuditQueriesTest extends StoreTest {

    private static final Instant NOON = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void invocationsArePagedNewestFirstAndFilteredByStatus() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            invocation("hello", i % 2 == 0 ? "ok" : "error", NOON.plusSeconds(i));
        }
        flush();

        assertThat(store.auditLog().invocations("hello", Optional.empty(), 0, 2))
                .extracting(InvocationEntry::startedAt)
                .containsExactly(NOON.plusSeconds(4), NOON.plusSeconds(3));
        assertThat(store.auditLog().invocations("hello", Optional.empty(), 4, 2))
                .hasSize(1);
        assertThat(store.auditLog().invocations("hello", Optional.of("error"), 0, 10))
                .extracting(InvocationEntry::status)
                .containsExactly("error", "error");
    }

    @Test
    void oneInvocationIsFoundById() throws InterruptedException {
        UUID id = invocation("hello", "ok", NOON);
        flush();

        assertThat(store.auditLog().invocation(id))
                .get()
                .extracting(InvocationEntry::stderrTail)
                .isEqualTo("stderr of hello");
        assertThat(store.auditLog().invocation(UUID.randomUUID())).isEmpty();
    }

    @Test
    void activityCountsInvocationsAndDenialsPerFunction() throws InterruptedException {
        invocation("a", "ok", NOON);
        invocation("a", "ok", NOON);
        denial("a", NOON);
        denial("b", NOON);
        flush();

        assertThat(store.auditLog().activity())
                .containsEntry("a", new FunctionActivity(2, 1))
                .containsEntry("b", new FunctionActivity(0, 1));
    }

    @Test
    void egressEventsFilterByFunctionDecisionAndTime() throws InterruptedException {
        denial("a", NOON);
        denial("a", NOON.plusSeconds(120));
        denial("b", NOON);
        store.auditWriter().record(new EgressAllowed("a", "tcp://127.0.0.1:80", NOON.plusSeconds(61)));
        store.auditWriter().record(new EgressAllowed("a", "tcp://127.0.0.1:80", NOON.plusSeconds(62)));
        flush();

        var all = store.auditLog().egressEvents(query("a", null, null, 0, 10));
        assertThat(all)
                .extracting(EgressEvent::decision)
                .containsExactly(
                        EgressEventQuery.Decision.DENIED,
                        EgressEventQuery.Decision.ALLOWED,
                        EgressEventQuery.Decision.DENIED);
        assertThat(all.get(1).count()).isEqualTo(2);
        assertThat(store.auditLog()
                        .egressEvents(query("a", EgressEventQuery.Decision.DENIED, NOON.plusSeconds(60), 0, 10)))
                .singleElement()
                .extracting(EgressEvent::occurredAt)
                .isEqualTo(NOON.plusSeconds(120));
        assertThat(store.auditLog().egressEvents(query(null, EgressEventQuery.Decision.DENIED, null, 1, 10)))
                .hasSize(2);
    }

    @Test
    void usageSumsWhatAFunctionUsedSinceAnInstant() throws InterruptedException {
        invocation("a", "ok", NOON);
        invocation("a", "error", NOON.plusSeconds(10));
        invocation("a", "ok", NOON.minusSeconds(3600));
        denial("a", NOON);
        store.auditWriter().record(new EgressAllowed("a", "tcp://127.0.0.1:80", NOON));
        flush();

        FunctionUsage usage = store.auditLog().usage("a", NOON.minusSeconds(60));
        assertThat(usage.invocations()).isEqualTo(2);
        assertThat(usage.invocationsByStatus()).containsEntry("ok", 1L).containsEntry("error", 1L);
        assertThat(usage.totalDuration()).isEqualTo(Duration.ofMillis(20));
        assertThat(usage.bytesIn()).isEqualTo(20);
        assertThat(usage.denials()).isEqualTo(1);
        assertThat(usage.allowedEgress()).isEqualTo(1);
    }

    @Test
    void usageHasTheMedianAndThe99thPercentileOfDurations() throws InterruptedException {
        for (int i = 1; i <= 10; i++) {
            invocation("p", "ok", NOON.plusSeconds(i), Duration.ofMillis(10L * i));
        }
        invocation("p", "ok", NOON.minusSeconds(3600), Duration.ofMillis(100_000));
        flush();

        // percentile_cont interpolates: p50 halfway between 50 and 60, p99 at 0.99 * 9 = 8.91 between 90 and 100.
        assertThat(store.auditLog().usage("p", NOON).latency()).hasValueSatisfying(latency -> {
            assertThat(latency.p50Ms()).isEqualTo(55.0);
            assertThat(latency.p99Ms()).isCloseTo(99.1, Offset.offset(1e-9));
        });
        assertThat(store.auditLog().usage("never-ran", NOON).latency()).isEmpty();
    }

    @Test
    void theTimelineHasEveryBucketWithInvocationsErrorsDenialsAndLatency() throws InterruptedException {
        invocation("t", "ok", NOON.plusSeconds(10), Duration.ofMillis(10));
        invocation("t", "error", NOON.plusSeconds(20), Duration.ofMillis(30));
        invocation("t", "timeout", NOON.plusSeconds(130), Duration.ofMillis(50));
        invocation("other", "ok", NOON.plusSeconds(15), Duration.ofMillis(1000));
        invocation("t", "ok", NOON.plusSeconds(180), Duration.ofMillis(70)); // after until
        denial("t", NOON.plusSeconds(70));
        flush();

        var buckets = store.auditLog().timeline(Optional.of("t"), NOON, NOON.plusSeconds(180), Duration.ofMinutes(1));
        assertThat(buckets)
                .extracting(
                        ActivityBucket::start,
                        ActivityBucket::invocations,
                        ActivityBucket::errors,
                        ActivityBucket::denials)
                .containsExactly(
                        tuple(NOON, 2L, 1L, 0L),
                        tuple(NOON.plusSeconds(60), 0L, 0L, 1L),
                        tuple(NOON.plusSeconds(120), 1L, 1L, 0L));
        assertThat(buckets.get(0).latency()).hasValueSatisfying(latency -> {
            assertThat(latency.p50Ms()).isEqualTo(20.0);
            assertThat(latency.p99Ms()).isCloseTo(29.8, Offset.offset(1e-9));
        });
        assertThat(buckets.get(1).latency()).isEmpty();
        // Every function: "other" counts in the first minute.
        assertThat(store.auditLog()
                        .timeline(Optional.empty(), NOON, NOON.plusSeconds(180), Duration.ofMinutes(1))
                        .get(0)
                        .invocations())
                .isGreaterThanOrEqualTo(3);
    }

    private static EgressEventQuery query(
            String function, EgressEventQuery.Decision decision, Instant since, int offset, int limit) {
        return new EgressEventQuery(
                Optional.ofNullable(function),
                Optional.ofNullable(decision),
                Optional.ofNullable(since),
                Optional.empty(),
                offset,
                limit);
    }

    private UUID invocation(String function, String status, Instant startedAt) {
        return invocation(function, status, startedAt, Duration.ofMillis(10));
    }

    private UUID invocation(String function, String status, Instant startedAt, Duration duration) {
        UUID id = UUID.randomUUID();
        store.auditWriter()
                .record(new InvocationEntry(
                        id, function, 1, status, startedAt, duration, 10, 20, 0, "stderr of " + function));
        return id;
    }

    private void denial(String function, Instant at) {
        store.auditWriter()
                .record(new EgressDenial(
                        UUID.randomUUID(), function, Optional.empty(), at, "tcp://10.0.0.5:22", "no rule matches"));
    }

    private void flush() throws InterruptedException {
        assertThat(store.auditWriter().flush(Duration.ofSeconds(10))).isTrue();
    }
}
