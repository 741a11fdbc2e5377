package dev.sockeye.store.audit;

import dev.sockeye.store.database.SqlArrays;
import dev.sockeye.store.database.Transactor;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One batch of audit entries written in one transaction, exactly once: the batch id is recorded with the rows,
 * so writing the same batch again after an unclear failure (connection lost around commit) changes nothing.
 */
final class AuditBatch {

    private record MinuteKey(String functionName, String destination, Instant minute) {}

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
            writeDecisions(connection);
            writeAllowedCounts(connection);
            return null;
        });
    }

    private boolean alreadyWritten(Connection connection) throws SQLException {
        try (PreparedStatement insert =
                connection.prepareStatement("insert into audit_batches (id) values (?) on conflict (id) do nothing")) {
            insert.setObject(1, id);
            return insert.executeUpdate() == 0;
        }
    }

    // Rows go in as one statement over unnest()ed arrays rather than a JDBC batch: one round trip, and no
    // AssertionError from pgjdbc's batch handler when the server dies mid-batch under -ea (pgjdbc #1458/#3180).
    private void writeInvocations(Connection connection) throws SQLException {
        Columns columns = new Columns(10);
        for (AuditEntry entry : entries) {
            if (entry instanceof InvocationEntry invocation) {
                columns.add(
                        invocation.id(),
                        invocation.functionName(),
                        invocation.version(),
                        invocation.status(),
                        invocation.startedAt(),
                        invocation.duration().toMillis(),
                        invocation.bytesIn(),
                        invocation.bytesOut(),
                        invocation.denials(),
                        tail(invocation.stderrTail()));
            }
        }
        columns.insert(connection, """
                insert into invocations (id, function_name, version, status, started_at, duration_ms, bytes_in,
                                         bytes_out, denials, stderr_tail)
                select id::uuid, function_name, version::integer, status, started_at::timestamptz, duration_ms::bigint,
                       bytes_in::bigint, bytes_out::bigint, denials::integer, stderr_tail
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[])
                     as row (id, function_name, version, status, started_at, duration_ms, bytes_in, bytes_out, denials,
                             stderr_tail)
                on conflict (id) do nothing""");
    }

    private void writeDenials(Connection connection) throws SQLException {
        Columns columns = new Columns(6);
        for (AuditEntry entry : entries) {
            if (entry instanceof EgressDenial denial) {
                columns.add(
                        denial.id(),
                        denial.functionName(),
                        denial.invocationId().orElse(null),
                        denial.occurredAt(),
                        withoutNul(denial.destination()),
                        withoutNul(denial.reason()));
            }
        }
        columns.insert(connection, """
                insert into egress_denials (id, function_name, invocation_id, occurred_at, destination, reason)
                select id::uuid, function_name, invocation_id::uuid, occurred_at::timestamptz, destination, reason
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                     as row (id, function_name, invocation_id, occurred_at, destination, reason)
                on conflict (id) do nothing""");
    }

    private void writeDecisions(Connection connection) throws SQLException {
        Columns columns = new Columns(9);
        for (AuditEntry entry : entries) {
            if (entry instanceof EgressDecisionEntry decision) {
                columns.add(
                        decision.invocationId(),
                        decision.sequence(),
                        decision.functionName(),
                        decision.occurredAt(),
                        decision.kind(),
                        decision.verdict(),
                        withoutNul(decision.destination()),
                        decision.rule() == null ? null : withoutNul(decision.rule()),
                        withoutNul(decision.reason()));
            }
        }
        columns.insert(connection, """
                insert into egress_decisions (invocation_id, seq, function_name, occurred_at, kind, verdict,
                                              destination, rule, reason)
                select invocation_id::uuid, seq::integer, function_name, occurred_at::timestamptz, kind, verdict,
                       destination, rule, reason
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[])
                     as row (invocation_id, seq, function_name, occurred_at, kind, verdict, destination, rule, reason)
                on conflict (invocation_id, seq) do nothing""");
    }

    private void writeAllowedCounts(Connection connection) throws SQLException {
        Map<MinuteKey, Long> counts = new LinkedHashMap<>();
        for (AuditEntry entry : entries) {
            if (entry instanceof EgressAllowed allowed) {
                Instant minute = allowed.occurredAt().truncatedTo(ChronoUnit.MINUTES);
                counts.merge(
                        new MinuteKey(allowed.functionName(), withoutNul(allowed.destination()), minute),
                        1L,
                        Long::sum);
            }
        }
        Columns columns = new Columns(4);
        counts.forEach((key, count) -> columns.add(key.functionName(), key.destination(), key.minute(), count));
        columns.insert(connection, """
                insert into egress_allowed_per_minute (function_name, destination, minute, connections)
                select function_name, destination, minute::timestamptz, connections::bigint
                from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as row (function_name, destination, minute,
                                                                           connections)
                on conflict (function_name, destination, minute)
                do update set connections = egress_allowed_per_minute.connections + excluded.connections""");
    }

    /** Values collected column by column as text, bound as one {@code text[]} parameter per column. */
    private static final class Columns {
        private final List<List<String>> values = new ArrayList<>();

        Columns(int count) {
            for (int i = 0; i < count; i++) {
                values.add(new ArrayList<>());
            }
        }

        void add(Object... row) {
            for (int i = 0; i < row.length; i++) {
                values.get(i).add(row[i] == null ? null : row[i].toString());
            }
        }

        void insert(Connection connection, String sql) throws SQLException {
            if (values.getFirst().isEmpty()) {
                return;
            }
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                for (int i = 0; i < values.size(); i++) {
                    insert.setArray(i + 1, SqlArrays.texts(connection, values.get(i)));
                }
                insert.executeUpdate();
            }
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
