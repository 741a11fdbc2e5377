package dev.sockeye.bench.invoker;

import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.audit.AuditWriter;
import dev.sockeye.store.audit.InvocationEntry;
import dev.sockeye.store.config.SecretKeys;
import dev.sockeye.store.config.StoreConfig;
import dev.sockeye.store.database.EmbeddedPostgresServer;
import dev.sockeye.store.egress.EgressRuleValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * How many invocation rows a second the audit writer commits: per batch size, a fresh database in one embedded
 * Postgres (fsync and synchronous_commit on, as the platform runs it), N hello-like invocation entries recorded as
 * fast as the caller can, timed from the first record until {@link AuditWriter#flush} returns. The queue holds all
 * N, so this is the rate at which a backlog drains. An untimed round with the first batch size warms the JIT first.
 *
 * <pre>java -cp ... dev.sockeye.bench.invoker.AuditWriterThroughput [entries] [batch sizes, comma-separated]</pre>
 */
public final class AuditWriterThroughput {

    private AuditWriterThroughput() {}

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int[] batchSizes = Arrays.stream((args.length > 1 ? args[1] : "500,2000,5000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        Path root = Files.createTempDirectory("sockeye-audit-bench");
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        try (var server = EmbeddedPostgresServer.start(root.resolve("pg"), 0)) {
            for (int round = -1; round < batchSizes.length; round++) {
                int batchSize = batchSizes[Math.max(round, 0)];
                String database = round < 0 ? "audit_warm_up" : "audit_" + round + "_" + batchSize;
                server.createDatabaseIfMissing(database);
                var defaults = StoreConfig.Audit.defaults();
                var config = new StoreConfig(
                        new StoreConfig.Postgres.External(
                                server.jdbcUrl(database), EmbeddedPostgresServer.SUPERUSER, "", Map.of()),
                        4,
                        new SecretKeys("k1", Map.of("k1", key)),
                        new StoreConfig.Audit(
                                batchSize,
                                defaults.flushInterval(),
                                Math.max(entries, batchSize),
                                defaults.retention(),
                                defaults.stderrTailBytes()),
                        StoreConfig.ChangeFeed.defaults());
                try (var store = PolicyStore.openForControlPlane(config, EgressRuleValidator.singleLineRules())) {
                    AuditWriter writer = store.auditWriter();
                    Instant startedAt = Instant.now();
                    long start = System.nanoTime();
                    for (int i = 0; i < entries; i++) {
                        writer.record(new InvocationEntry(
                                UUID.randomUUID(),
                                "hello",
                                1,
                                "ok",
                                startedAt.plusNanos(i * 1000L),
                                Duration.ofMillis(1),
                                0,
                                13,
                                0,
                                ""));
                    }
                    long recorded = System.nanoTime();
                    if (!writer.flush(Duration.ofMinutes(5))) {
                        throw new IllegalStateException("audit writer did not flush within 5 minutes");
                    }
                    long flushed = System.nanoTime();
                    double seconds = (flushed - start) / 1e9;
                    if (round < 0) {
                        continue;
                    }
                    System.out.printf(
                            "batch_size=%d entries=%d record_ms=%.0f total_ms=%.0f rows_per_s=%.0f dropped=%d%n",
                            batchSize,
                            entries,
                            (recorded - start) / 1e6,
                            (flushed - start) / 1e6,
                            entries / seconds,
                            writer.dropped());
                }
            }
        }
    }
}
