package dev.sockeye.store.audit;

import dev.sockeye.store.config.StoreConfig;
import dev.sockeye.store.database.Transactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes audit entries from the hot path without blocking and writes them in batches on its own thread. While
 * Postgres is down the current batch is retried (with backoff) and new entries wait in a bounded queue; when the
 * queue is full new entries are dropped and counted, never the invocation delayed. A batch is what is queued, up to
 * {@code batchSize}; while more than that waits (a backlog, e.g. after an outage) batches grow to
 * {@value #BACKLOG_BATCH_FACTOR} times that, so the backlog drains with fewer commits.
 */
public final class AuditWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AuditWriter.class.getName());
    /**
     * How much larger than {@code batchSize} a batch taken from a backlog may be. A batch costs a fixed part (commit
     * with fsync, round trips) plus a part per row (mostly the invocations insert and its indexes), so larger batches
     * catch up faster; the factor bounds the memory and the transaction of one batch.
     */
    public static final int BACKLOG_BATCH_FACTOR = 10;

    private static final Duration MIN_RETRY_DELAY = Duration.ofMillis(50);
    /**
     * Longest pause between attempts while Postgres is down. Short, because every second the writer waits after
     * Postgres is back the queue fills at the request rate (4,000 a second fills a 50,000 queue in 12.5 s) and
     * entries that find it full are dropped; an attempt against a down Postgres costs one refused connection.
     */
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(1);

    private final Transactor transactor;
    private final StoreConfig.Audit config;
    private final BlockingQueue<AuditEntry> queue;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final Object progress = new Object();
    private final Thread thread;
    private long written;
    private volatile boolean closing;

    public AuditWriter(Transactor transactor, StoreConfig.Audit config) {
        this.transactor = transactor;
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.thread = Thread.ofPlatform().daemon().name("sockeye-audit-writer").start(this::writeBatches);
    }

    /** Queues an entry; returns false (and counts it) if the queue is full. Never blocks. */
    public boolean record(AuditEntry entry) {
        if (closing) {
            throw new IllegalStateException("audit writer is closed; entry not recorded: " + entry);
        }
        if (queue.offer(entry)) {
            accepted.incrementAndGet();
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** Entries dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Batch writes that failed and were retried (Postgres down or restarting); for metrics. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Waits until every entry recorded before this call is committed, or {@code timeout} passes. */
    public boolean flush(Duration timeout) throws InterruptedException {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (written < target) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, remaining);
            }
            return true;
        }
    }

    /** The most entries one batch holds: {@code batchSize} times {@link #BACKLOG_BATCH_FACTOR}, from a backlog. */
    public int maxBatchSize() {
        return Math.min(config.batchSize() * BACKLOG_BATCH_FACTOR, config.queueCapacity());
    }

    private void writeBatches() {
        List<AuditEntry> entries = new ArrayList<>(config.batchSize());
        while (!closing || !queue.isEmpty()) {
            try {
                AuditEntry first = queue.poll(config.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                entries.add(first);
                queue.drainTo(entries, config.batchSize() - 1);
                if (!queue.isEmpty()) {
                    queue.drainTo(entries, maxBatchSize() - entries.size());
                }
                writeUntilCommitted(new AuditBatch(entries, config.stderrTailBytes()));
                entries.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void writeUntilCommitted(AuditBatch batch) throws InterruptedException {
        Duration delay = MIN_RETRY_DELAY;
        while (true) {
            try {
                batch.write(transactor);
                synchronized (progress) {
                    written += batch.size();
                    progress.notifyAll();
                }
                return;
            } catch (RuntimeException e) {
                // Postgres down (StoreException) or anything unexpected: keep the batch and retry, never drop it.
                failedAttempts.incrementAndGet();
                LOG.log(
                        System.Logger.Level.WARNING,
                        "event=audit_batch_failed entries={0} retry_in_ms={1} cause={2}",
                        batch.size(),
                        delay.toMillis(),
                        e.getMessage());
                Thread.sleep(delay);
                delay = delay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay.multipliedBy(2);
            }
        }
    }

    /** Stops taking entries and writes what is queued; gives up after {@code timeout} (Postgres still down). */
    public void close(Duration timeout) throws InterruptedException {
        closing = true;
        thread.join(timeout);
        if (thread.isAlive()) {
            thread.interrupt();
            LOG.log(
                    System.Logger.Level.ERROR,
                    "event=audit_writer_closed_with_unwritten_entries queued={0}",
                    queue.size());
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(10));
    }
}
