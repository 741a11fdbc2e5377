package dev.sockeye.policy.audit;

import dev.sockeye.policy.database.Transactor;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the API shows of the audit trail, newest first. */
public final class AuditLog {

    private final Transactor transactor;

    public AuditLog(Transactor transactor) {
        this.transactor = transactor;
    }

    public List<InvocationRecord> invocations(String functionName, int limit) {
        return transactor.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select id, function_name, version, status, started_at, duration_ms, bytes_in, bytes_out, denials,
                           stderr_tail
                    from invocations where function_name = ? order by started_at desc, id limit ?""")) {
                select.setString(1, functionName);
                select.setInt(2, limit);
                ResultSet rows = select.executeQuery();
                List<InvocationRecord> invocations = new ArrayList<>();
                while (rows.next()) {
                    invocations.add(new InvocationRecord(rows.getObject(1, UUID.class), rows.getString(2),
                            rows.getInt(3), rows.getString(4), rows.getTimestamp(5).toInstant(),
                            Duration.ofMillis(rows.getLong(6)), rows.getLong(7), rows.getLong(8), rows.getInt(9),
                            rows.getString(10)));
                }
                return invocations;
            }
        });
    }

    public List<EgressDenial> denials(String functionName, int limit) {
        return transactor.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select id, function_name, invocation_id, occurred_at, destination, reason
                    from egress_denials where function_name = ? order by occurred_at desc, id limit ?""")) {
                select.setString(1, functionName);
                select.setInt(2, limit);
                ResultSet rows = select.executeQuery();
                List<EgressDenial> denials = new ArrayList<>();
                while (rows.next()) {
                    denials.add(new EgressDenial(rows.getObject(1, UUID.class), rows.getString(2),
                            Optional.ofNullable(rows.getObject(3, UUID.class)), rows.getTimestamp(4).toInstant(),
                            rows.getString(5), rows.getString(6)));
                }
                return denials;
            }
        });
    }

    /** Allowed egress counts per destination and minute since {@code since}. */
    public List<AllowedEgressCount> allowedSince(String functionName, Instant since) {
        return transactor.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select function_name, destination, minute, connections from egress_allowed_per_minute
                    where function_name = ? and minute >= ? order by minute desc, destination""")) {
                select.setString(1, functionName);
                select.setTimestamp(2, Timestamp.from(since));
                ResultSet rows = select.executeQuery();
                List<AllowedEgressCount> counts = new ArrayList<>();
                while (rows.next()) {
                    counts.add(new AllowedEgressCount(rows.getString(1), rows.getString(2),
                            rows.getTimestamp(3).toInstant(), rows.getLong(4)));
                }
                return counts;
            }
        });
    }
}
