package dev.sockeye.policy.audit;

import dev.sockeye.policy.database.Transactor;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One batch of audit entries written in one transaction, exactly once: the batch id is recorded with the rows,
 * so writing the same batch again after an unclear failure (connection lost around commit) changes nothing.
 */
final class AuditBatch {

    private record MinuteKey(String functionName, String destination, Timestamp minute) {
    }

    private final UUID id = UUID.randomUUID();
    private final List<AuditEntry> entries;
    private final int stderrTailBytes;

    AuditBatch(List<AuditEntry> entries, int stderrTailBytes) {
        this.entries = List.copyOf(entries);
        this.stderrTailBytes = stderrTailBytes;
    }

    int size() {
        return entries.size();
    }

    void write(Transactor transactor) {
        transactor.inTransaction(connection -> {
            if (alreadyWritten(connection)) {
                return null;
            }
            writeInvocations(connection);
            writeDenials(connection);
            writeAllowedCounts(connection);
            return null;
        });
    }

    private boolean alreadyWritten(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into audit_batches (id) values (?) on conflict (id) do nothing")) {
            insert.setObject(1, id);
            return insert.executeUpdate() == 0;
        }
    }

    private void writeInvocations(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into invocations (id, function_name, version, status, started_at, duration_ms, bytes_in,
                                         bytes_out, denials, stderr_tail)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing""")) {
            for (AuditEntry entry : entries) {
                if (entry instanceof InvocationRecord invocation) {
                    insert.setObject(1, invocation.id());
                    insert.setString(2, invocation.functionName());
                    insert.setInt(3, invocation.version());
                    insert.setString(4, invocation.status());
                    insert.setTimestamp(5, Timestamp.from(invocation.startedAt()));
                    insert.setLong(6, invocation.duration().toMillis());
                    insert.setLong(7, invocation.bytesIn());
                    insert.setLong(8, invocation.bytesOut());
                    insert.setInt(9, invocation.denials());
                    insert.setString(10, tail(invocation.stderrTail()));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private void writeDenials(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into egress_denials (id, function_name, invocation_id, occurred_at, destination, reason)
                values (?, ?, ?, ?, ?, ?) on conflict (id) do nothing""")) {
            for (AuditEntry entry : entries) {
                if (entry instanceof EgressDenial denial) {
                    insert.setObject(1, denial.id());
                    insert.setString(2, denial.functionName());
                    insert.setObject(3, denial.invocationId().orElse(null));
                    insert.setTimestamp(4, Timestamp.from(denial.occurredAt()));
                    insert.setString(5, withoutNul(denial.destination()));
                    insert.setString(6, withoutNul(denial.reason()));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private void writeAllowedCounts(Connection connection) throws SQLException {
        Map<MinuteKey, Long> counts = new LinkedHashMap<>();
        for (AuditEntry entry : entries) {
            if (entry instanceof EgressAllowed allowed) {
                var minute = Timestamp.from(allowed.occurredAt().truncatedTo(ChronoUnit.MINUTES));
                counts.merge(new MinuteKey(allowed.functionName(), withoutNul(allowed.destination()), minute), 1L,
                        Long::sum);
            }
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into egress_allowed_per_minute (function_name, destination, minute, connections)
                values (?, ?, ?, ?)
                on conflict (function_name, destination, minute)
                do update set connections = egress_allowed_per_minute.connections + excluded.connections""")) {
            for (var count : counts.entrySet()) {
                upsert.setString(1, count.getKey().functionName());
                upsert.setString(2, count.getKey().destination());
                upsert.setTimestamp(3, count.getKey().minute());
                upsert.setLong(4, count.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** The last {@code stderrTailBytes} bytes of UTF-8, cut at a character boundary; NUL is not valid in text. */
    private String tail(String stderr) {
        String clean = withoutNul(stderr);
        byte[] utf8 = clean.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= stderrTailBytes) {
            return clean;
        }
        int start = utf8.length - stderrTailBytes;
        while (start < utf8.length && (utf8[start] & 0xC0) == 0x80) {
            start++; // skip continuation bytes of a character whose start was cut off
        }
        return new String(utf8, start, utf8.length - start, StandardCharsets.UTF_8);
    }

    private static String withoutNul(String text) {
        return text.replace('\0', '\uFFFD');
    }
}
