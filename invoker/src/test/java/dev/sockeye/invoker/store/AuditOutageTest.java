package dev.sockeye.invoker.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.invoker.audit.InvocationRecord;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.config.SecretKeys;
import dev.sockeye.store.config.StoreConfig;
import dev.sockeye.store.database.EmbeddedPostgresServer;
import dev.sockeye.store.egress.EgressRuleValidator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Audit written while Postgres is down: buffered up to the queue, written when it returns, the rest counted. */
class AuditOutageTest {
    private static final int QUEUE_CAPACITY = 4;
    private static final int RECORDED_DURING_OUTAGE = 10;

    @Test
    void entriesBufferedDuringAnOutageAreWrittenWhenPostgresReturnsAndTheOverflowIsCounted() throws Exception {
        Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "audit-outage");
        var server = EmbeddedPostgresServer.start(root.resolve("pg"), 0);
        int port = server.port();
        server.createDatabaseIfMissing("sockeye");
        var config = new StoreConfig(
                new StoreConfig.Postgres.External(
                        server.jdbcUrl("sockeye"), EmbeddedPostgresServer.SUPERUSER, "", Map.of()),
                2,
                new SecretKeys("k1", Map.of("k1", new byte[32])),
                new StoreConfig.Audit(
                        1,
                        Duration.ofMillis(20),
                        QUEUE_CAPACITY,
                        StoreConfig.Audit.defaults().retention(),
                        4096),
                StoreConfig.ChangeFeed.defaults());
        PolicyStore.openForControlPlane(config, EgressRuleValidator.singleLineRules())
                .close();
        var invokerStore = PolicyStore.openForInvoker(config);
        var meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var audit = new StoreInvocationAudit(invokerStore.auditWriter(), 4096).bindTo(meters);
        try {
            audit.invocation(record());
            invokerStore.auditWriter().flush(Duration.ofSeconds(10));

            server.close();
            for (int i = 0; i < RECORDED_DURING_OUTAGE; i++) {
                audit.invocation(record());
            }
            long dropped = invokerStore.auditWriter().dropped();
            // The queue holds QUEUE_CAPACITY; the batch being retried holds more, up to one batch from the backlog.
            int retried = invokerStore.auditWriter().maxBatchSize();
            assertThat(dropped)
                    .isBetween(
                            (long) RECORDED_DURING_OUTAGE - QUEUE_CAPACITY - retried,
                            (long) RECORDED_DURING_OUTAGE - QUEUE_CAPACITY);
            assertThat(meters.scrape()).contains("sockeye_audit_dropped_total " + (double) dropped);

            server = EmbeddedPostgresServer.start(root.resolve("pg"), port);
            assertThat(invokerStore.auditWriter().flush(Duration.ofSeconds(30))).isTrue();
            try (var reader = PolicyStore.openForInvoker(config)) {
                assertThat(reader.auditLog().invocations("audited", 100))
                        .hasSize((int) (1 + RECORDED_DURING_OUTAGE - dropped));
            }
        } finally {
            invokerStore.close();
            server.close();
        }
    }

    private static InvocationRecord record() {
        return new InvocationRecord(
                UUID.randomUUID().toString(),
                "audited",
                "0".repeat(64),
                1,
                "GET",
                "/",
                200,
                "exited(0)",
                Instant.now(),
                Duration.ofMillis(1),
                0,
                0);
    }
}
