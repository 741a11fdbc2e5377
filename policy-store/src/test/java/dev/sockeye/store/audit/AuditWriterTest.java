package dev.sockeye.store.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.store.Eventually;
import dev.sockeye.store.Sql;
import dev.sockeye.store.StoreTest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditWriterTest extends StoreTest {

    private static final Instant NOON = Instant.parse("2026-11-23T12:00:00Z");

    private AuditWriter writer;

    @BeforeEach
    void prepare() {
        writer = store.auditWriter();
    }

    @Test
    void invocationsAreWrittenWithTheirMeasurements() throws InterruptedException {
        UUID id = UUID.randomUUID();
        writer.record(
                new InvocationEntry(id, "hello", 3, "ok", NOON, Duration.ofMillis(42), 100, 200, 1, "warning: slow\n"));

        flush();

        assertThat(store.auditLog().invocations("hello", 10))
                .singleElement()
                .isEqualTo(new InvocationEntry(
                        id, "hello", 3, "ok", NOON, Duration.ofMillis(42), 100, 200, 1, "warning: slow\n"));
    }

    @Test
    void stderrKeepsOnlyTheConfiguredTailAndNoNulBytes() throws InterruptedException {
        String stderr = "x".repeat(1000) + "\0the end: ünïcode";
        writer.record(
                new InvocationEntry(UUID.randomUUID(), "hello", 1, "error", NOON, Duration.ZERO, 0, 0, 0, stderr));

        flush();

        String tail = store.auditLog().invocations("hello", 1).getFirst().stderrTail();
        assertThat(tail.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(64);
        assertThat(tail).endsWith("\uFFFDthe end: ünïcode").doesNotContain("\0");
    }

    @Test
    void everyDenialIsKeptOneByOne() throws InterruptedException {
        UUID invocation = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            writer.record(new EgressDenial(
                    UUID.randomUUID(),
                    "hello",
                    Optional.of(invocation),
                    NOON.plusSeconds(i),
                    "tcp://10.0.0.5:22",
                    "no rule matches"));
        }

        flush();

        assertThat(store.auditLog().denials("hello", 10))
                .hasSize(3)
                .allSatisfy(denial -> assertThat(denial.invocationId()).hasValue(invocation));
    }

    @Test
    void allowedConnectionsAreCountedPerDestinationAndMinute() throws InterruptedException {
        for (int second = 0; second < 90; second++) {
            writer.record(new EgressAllowed("hello", "tcp://api.example.com:443", NOON.plusSeconds(second)));
        }
        writer.record(new EgressAllowed("hello", "tcp://db.example.com:5432", NOON));

        flush();

        assertThat(store.auditLog().allowedSince("hello", NOON))
                .containsExactly(
                        new AllowedEgressCount("hello", "tcp://api.example.com:443", NOON.plusSeconds(60), 30),
                        new AllowedEgressCount("hello", "tcp://api.example.com:443", NOON, 60),
                        new AllowedEgressCount("hello", "tcp://db.example.com:5432", NOON, 1));
    }

    @Test
    void countsOfLaterBatchesAddUp() throws InterruptedException {
        writer.record(new EgressAllowed("hello", "tcp://api.example.com:443", NOON));
        flush();
        writer.record(new EgressAllowed("hello", "tcp://api.example.com:443", NOON.plusSeconds(5)));
        flush();

        assertThat(store.auditLog().allowedSince("hello", NOON))
                .singleElement()
                .extracting(AllowedEgressCount::connections)
                .isEqualTo(2L);
    }

    @Test
    void everyDecisionOfAnInvocationIsKeptInOrderOnce() throws InterruptedException {
        UUID invocation = UUID.randomUUID();
        var lookup = new EgressDecisionEntry(
                invocation,
                0,
                "hello",
                NOON,
                "lookup",
                "allowed",
                "dns:api.example.com",
                "https://api.example.com",
                "name allowed");
        writer.record(new EgressDecisionEntry(
                invocation,
                1,
                "hello",
                NOON.plusMillis(2),
                "connect",
                "denied",
                "tcp://10.0.0.5:22",
                null,
                "no rule allows tcp 10.0.0.5:22"));
        writer.record(lookup);
        writer.record(lookup); // a retried entry
        writer.record(new EgressDecisionEntry(
                UUID.randomUUID(),
                0,
                "hello",
                NOON,
                "send",
                "allowed",
                "udp://127.0.0.1:53",
                "udp://127.0.0.1:53",
                "rule"));
        flush();

        assertThat(store.auditLog().egressDecisions(invocation))
                .extracting(EgressDecisionEntry::sequence, EgressDecisionEntry::kind, EgressDecisionEntry::rule)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, "lookup", "https://api.example.com"),
                        org.assertj.core.groups.Tuple.tuple(1, "connect", null));
    }

    @Test
    void retentionDeletesRowsOlderThanTheSetting() throws InterruptedException {
        Instant now = NOON.plus(Duration.ofDays(40));
        writer.record(new InvocationEntry(UUID.randomUUID(), "hello", 1, "ok", NOON, Duration.ZERO, 0, 0, 0, ""));
        writer.record(new InvocationEntry(
                UUID.randomUUID(), "hello", 1, "ok", now.minusSeconds(60), Duration.ZERO, 0, 0, 0, ""));
        writer.record(new EgressDenial(UUID.randomUUID(), "hello", Optional.empty(), NOON, "dns:x", "no rule"));
        writer.record(new EgressAllowed("hello", "tcp://a:1", NOON));
        writer.record(new EgressDecisionEntry(
                UUID.randomUUID(), 0, "hello", NOON, "connect", "allowed", "tcp://a:1", "tcp://a:1", "rule"));
        flush();

        AuditRetention.Deleted deleted =
                store.auditRetention(Clock.fixed(now, ZoneOffset.UTC)).deleteExpired();

        assertThat(deleted.invocations()).isEqualTo(1);
        assertThat(deleted.denials()).isEqualTo(1);
        assertThat(deleted.decisions()).isEqualTo(1);
        assertThat(deleted.allowedCounts()).isEqualTo(1);
        assertThat(store.auditLog().invocations("hello", 10))
                .singleElement()
                .extracting(InvocationEntry::startedAt)
                .isEqualTo(now.minusSeconds(60));
    }

    @Test
    void aBatchIsOneTransactionRecordedOnce() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 80; i++) {
                writer.record(invocationAtNoon());
            }
            flush();
        }

        assertThat(Sql.queryLong(store, "select count(*) from invocations")).isEqualTo(240);
        // Each flush ends at least one batch, each remembered so a retry cannot double-count it.
        assertThat(Sql.queryLong(store, "select count(*) from audit_batches")).isGreaterThanOrEqualTo(3);
        assertThat(writer.dropped()).isZero();
    }

    @Test
    void aBacklogLargerThanOneBatchIsWrittenInFewerLargerBatches() throws Exception {
        // Batch size is 100 in tests. The writer's first batch waits on a lock this test holds, the way it would
        // wait for Postgres to return, while 1,000 more entries queue up behind it.
        try (Connection blocker = store.database().pooled().getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("lock table audit_batches in exclusive mode");
            }
            writer.record(invocationAtNoon());
            Eventually.await(
                    "the writer waits for the lock",
                    () -> Sql.queryLong(
                                    store,
                                    "select count(*) from pg_stat_activity"
                                            + " where datname = current_database() and wait_event_type = 'Lock'")
                            == 1);
            for (int i = 0; i < 1_000; i++) {
                writer.record(invocationAtNoon());
            }
            blocker.rollback();
        }

        flush();

        assertThat(Sql.queryLong(store, "select count(*) from invocations")).isEqualTo(1_001);
        assertThat(writer.maxBatchSize()).isEqualTo(1_000);
        // The first entry alone, then the whole backlog in one batch rather than ten batches of 100.
        assertThat(Sql.queryLong(store, "select count(*) from audit_batches")).isEqualTo(2);
    }

    private static InvocationEntry invocationAtNoon() {
        return new InvocationEntry(UUID.randomUUID(), "hello", 1, "ok", NOON, Duration.ZERO, 0, 0, 0, "");
    }

    private void flush() throws InterruptedException {
        assertThat(writer.flush(Duration.ofSeconds(30)))
                .as("audit entries written")
                .isTrue();
    }
}
