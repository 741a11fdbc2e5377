package dev.sockeye.store.audit;

import dev.sockeye.store.changes.ChangeLog;
import dev.sockeye.store.database.Transactor;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes audit rows and change-feed rows older than the retention setting. The control plane calls {@link #deleteExpired()} on a
 * schedule of its choosing (hourly is plenty).
 */
public final class AuditRetention {

    /** Rows removed by one run, per table. */
    public record Deleted(int invocations, int denials, int decisions, int allowedCounts, int batches, int changes) {}

    private final Transactor transactor;
    private final Duration retention;
    private final Clock clock;

    public AuditRetention(Transactor transactor, Duration retention, Clock clock) {
        this.transactor = transactor;
        this.retention = retention;
        this.clock = clock;
    }

    public Deleted deleteExpired() {
        Instant cutoff = clock.instant().minus(retention);
        return transactor.inTransaction(connection -> new Deleted(
                delete(connection, "delete from invocations where started_at < ?", cutoff),
                delete(connection, "delete from egress_denials where occurred_at < ?", cutoff),
                delete(connection, "delete from egress_decisions where occurred_at < ?", cutoff),
                delete(connection, "delete from egress_allowed_per_minute where minute < ?", cutoff),
                // Batch ids only guard retries of the last moments; the same cutoff is far more than enough.
                delete(connection, "delete from audit_batches where written_at < ?", cutoff),
                // The change feed is history too; subscribers that were away longer are told to resync.
                ChangeLog.pruneBefore(connection, cutoff)));
    }

    private static int delete(java.sql.Connection connection, String sql, Instant cutoff) throws java.sql.SQLException {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            return delete.executeUpdate();
        }
    }
}
