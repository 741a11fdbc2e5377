package dev.sockeye.store.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.store.Eventually;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.Sql;
import dev.sockeye.store.TestPostgres;
import dev.sockeye.store.config.StoreConfig;
import dev.sockeye.store.database.EmbeddedPostgresServer;
import dev.sockeye.store.egress.EgressRuleValidator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Postgres dies (SIGKILL) while audit batches are being written; nothing committed may be lost or doubled. */
class AuditCrashTest {

    private static final int INVOCATIONS = 6000;

    @Test
    void postgresKilledDuringAuditWritesLosesNothingCommittedAndTheWriterResumes() throws Exception {
        Path dataDirectory = TestPostgres.tempDirectory("sockeye-pg-crash");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, 0);
        int port = server.port();
        server.createDatabaseIfMissing("sockeye");
        var database = new StoreConfig.Postgres.External(
                server.jdbcUrl("sockeye"), EmbeddedPostgresServer.SUPERUSER, "", java.util.Map.of());
        try (PolicyStore store = PolicyStore.openForControlPlane(
                TestPostgres.config(database, TestPostgres.KEYS), EgressRuleValidator.singleLineRules())) {
            AuditWriter writer = store.auditWriter();
            for (int i = 0; i < INVOCATIONS / 2; i++) {
                writer.record(invocation(i));
            }
            Eventually.await("some batches are committed", () -> countInvocations(store) > 0);
            for (int i = INVOCATIONS / 2; i < INVOCATIONS; i++) {
                writer.record(invocation(i));
            }
            long committedBeforeCrash = countInvocations(store);

            killPostgres(server);
            server.close(); // releases zonky's data directory lock; Postgres is already gone
            server = EmbeddedPostgresServer.start(dataDirectory, port);

            assertThat(writer.flush(Duration.ofSeconds(60)))
                    .as("writer caught up after restart")
                    .isTrue();
            assertThat(writer.failedAttempts())
                    .as("writes failed while postgres was down")
                    .isPositive();
            assertThat(countInvocations(store))
                    .isGreaterThanOrEqualTo(committedBeforeCrash)
                    .isEqualTo(INVOCATIONS);
            assertThat(Sql.queryLong(store, "select count(distinct id) from invocations"))
                    .isEqualTo(INVOCATIONS);
        } finally {
            server.close();
        }
    }

    private static long countInvocations(PolicyStore store) {
        try {
            return Sql.queryLong(store, "select count(*) from invocations");
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static InvocationEntry invocation(int i) {
        return new InvocationEntry(
                UUID.randomUUID(), "hello", 1, "ok", Instant.now(), Duration.ofMillis(i), i, i, 0, "line " + i);
    }

    /** SIGKILL the postmaster and its children, like an OOM kill: no shutdown, no checkpoint. */
    private static void killPostgres(EmbeddedPostgresServer server) {
        ProcessHandle postmaster = ProcessHandle.of(server.postmasterPid()).orElseThrow();
        var children = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        Eventually.await(
                "postgres processes are gone",
                () -> !postmaster.isAlive() && children.stream().noneMatch(ProcessHandle::isAlive));
    }
}
