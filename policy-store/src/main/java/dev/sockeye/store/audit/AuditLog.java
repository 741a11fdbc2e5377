package dev.sockeye.store.audit;

import dev.sockeye.store.database.Transactor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** What the API shows of the audit trail, newest first. */
public final class AuditLog {

    private static final String INVOCATION_COLUMNS = """
            select id, function_name, version, status, started_at, duration_ms, bytes_in, bytes_out, denials,
                   stderr_tail
            from invocations""";

    private final Transactor transactor;

    public AuditLog(Transactor transactor) {
        this.transactor = transactor;
    }

    public List<InvocationEntry> invocations(String functionName, int limit) {
        return invocations(functionName, Optional.empty(), 0, limit);
    }

    /** A page of a function's invocations, newest first, optionally only those with {@code status}. */
    public List<InvocationEntry> invocations(String functionName, Optional<String> status, int offset, int limit) {
        return transactor.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(INVOCATION_COLUMNS + """
                     where function_name = ? and (?::text is null or status = ?)
                    order by started_at desc, id offset ? limit ?""")) {
                select.setString(1, functionName);
                select.setString(2, status.orElse(null));
                select.setString(3, status.orElse(null));
                select.setInt(4, offset);
                select.setInt(5, limit);
                return readInvocations(select.executeQuery());
            }
        });
    }

    /** The newest invocations of any of {@code functionNames}, newest first, in one query. */
    public List<InvocationEntry> recentInvocations(Collection<String> functionNames, int limit) {
        return transactor.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    INVOCATION_COLUMNS + " where function_name = any(?) order by started_at desc, id limit ?")) {
                select.setArray(1, connection.createArrayOf("text", functionNames.toArray()));
                select.setInt(2, limit);
                return readInvocations(select.executeQuery());
            }
        });
    }

    public Optional<InvocationEntry> invocation(UUID id) {
        return transactor.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(INVOCATION_COLUMNS + " where id = ?")) {
                select.setObject(1, id);
                return readInvocations(select.executeQuery()).stream().findFirst();
            }
        });
    }

    /** Every egress decision recorded for an invocation, in the order the guard made them. */
    public List<EgressDecisionEntry> egressDecisions(UUID invocationId) {
        return transactor.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select invocation_id, seq, function_name, occurred_at, kind, verdict, destination, rule, reason
                    from egress_decisions where invocation_id = ? order by seq""")) {
                select.setObject(1, invocationId);
                ResultSet rows = select.executeQuery();
                List<EgressDecisionEntry> decisions = new ArrayList<>();
                while (rows.next()) {
                    decisions.add(new EgressDecisionEntry(
                            rows.getObject(1, UUID.class),
                            rows.getInt(2),
                            rows.getString(3),
                            rows.getTimestamp(4).toInstant(),
                            rows.getString(5),
                            rows.getString(6),
                            rows.getString(7),
                            rows.getString(8),
                            rows.getString(9)));
                }
                return decisions;
            }
        });
    }

    private static List<InvocationEntry> readInvocations(ResultSet rows) throws SQLException {
        List<InvocationEntry> invocations = new ArrayList<>();
        while (rows.next()) {
            invocations.add(new InvocationEntry(
                    rows.getObject(1, UUID.class),
                    rows.getString(2),
                    rows.getInt(3),
                    rows.getString(4),
                    rows.getTimestamp(5).toInstant(),
                    Duration.ofMillis(rows.getLong(6)),
                    rows.getLong(7),
                    rows.getLong(8),
                    rows.getInt(9),
                    rows.getString(10)));
        }
        return invocations;
    }

    /** Invocation and denial counts of every function that has any, by function name. */
    public Map<String, FunctionActivity> activity() {
        return transactor.inTransaction(connection -> {
            Map<String, long[]> counts = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select function_name, count(*), 0 from invocations group by function_name
                    union all
                    select function_name, 0, count(*) from egress_denials group by function_name""")) {
                ResultSet rows = select.executeQuery();
                while (rows.next()) {
                    long[] pair = counts.computeIfAbsent(rows.getString(1), name -> new long[2]);
                    pair[0] += rows.getLong(2);
                    pair[1] += rows.getLong(3);
                }
            }
            Map<String, FunctionActivity> activity = new TreeMap<>();
            counts.forEach((name, pair) -> activity.put(name, new FunctionActivity(pair[0], pair[1])));
            return activity;
        });
    }

    /**
     * A page of egress events, newest first: denials one by one and allowed connections per destination and
     * minute, filtered as the query says.
     */
    public List<EgressEvent> egressEvents(EgressEventQuery query) {
        String decision = query.decision().map(Enum::name).orElse(null);
        return transactor.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select * from (
                        select 'DENIED' as decision, function_name, occurred_at, destination, reason, invocation_id,
                               1::bigint as count
                        from egress_denials
                        where (?::text is null or function_name = ?) and (?::text is null or ? = 'DENIED')
                          and (?::timestamptz is null or occurred_at >= ?)
                          and (?::timestamptz is null or occurred_at < ?)
                        union all
                        select 'ALLOWED', function_name, minute, destination, null, null, connections
                        from egress_allowed_per_minute
                        where (?::text is null or function_name = ?) and (?::text is null or ? = 'ALLOWED')
                          and (?::timestamptz is null or minute >= ?)
                          and (?::timestamptz is null or minute < ?)
                    ) events order by occurred_at desc, function_name, destination offset ? limit ?""")) {
                int index = 1;
                for (int part = 0; part < 2; part++) {
                    index = bindFilters(select, index, query, decision);
                }
                select.setInt(index++, query.offset());
                select.setInt(index, query.limit());
                ResultSet rows = select.executeQuery();
                List<EgressEvent> events = new ArrayList<>();
                while (rows.next()) {
                    events.add(new EgressEvent(
                            EgressEventQuery.Decision.valueOf(rows.getString(1)),
                            rows.getString(2),
                            rows.getTimestamp(3).toInstant(),
                            rows.getString(4),
                            Optional.ofNullable(rows.getString(5)),
                            Optional.ofNullable(rows.getObject(6, UUID.class)),
                            rows.getLong(7)));
                }
                return events;
            }
        });
    }

    private static int bindFilters(PreparedStatement select, int first, EgressEventQuery query, String decision)
            throws SQLException {
        int index = first;
        String function = query.function().orElse(null);
        Timestamp since = query.since().map(Timestamp::from).orElse(null);
        Timestamp until = query.until().map(Timestamp::from).orElse(null);
        select.setString(index++, function);
        select.setString(index++, function);
        select.setString(index++, decision);
        select.setString(index++, decision);
        select.setTimestamp(index++, since);
        select.setTimestamp(index++, since);
        select.setTimestamp(index++, until);
        select.setTimestamp(index++, until);
        return index;
    }

    /** What {@code functionName} used since {@code since}: invocations by status, time, bytes and egress. */
    public FunctionUsage usage(String functionName, Instant since) {
        return transactor.inTransaction(connection -> {
            Map<String, Long> byStatus = new TreeMap<>();
            long invocations = 0;
            long durationMs = 0;
            long bytesIn = 0;
            long bytesOut = 0;
            try (PreparedStatement select = connection.prepareStatement("""
                    select status, count(*), sum(duration_ms), sum(bytes_in), sum(bytes_out) from invocations
                    where function_name = ? and started_at >= ? group by status""")) {
                select.setString(1, functionName);
                select.setTimestamp(2, Timestamp.from(since));
                ResultSet rows = select.executeQuery();
                while (rows.next()) {
                    byStatus.put(rows.getString(1), rows.getLong(2));
                    invocations += rows.getLong(2);
                    durationMs += rows.getLong(3);
                    bytesIn += rows.getLong(4);
                    bytesOut += rows.getLong(5);
                }
            }
            long denials = count(connection, """
                    select count(*) from egress_denials where function_name = ? and occurred_at >= ?""", functionName, since);
            long allowed = count(connection, """
                    select coalesce(sum(connections), 0) from egress_allowed_per_minute
                    where function_name = ? and minute >= date_trunc('minute', ?::timestamptz)""", functionName, since);
            return new FunctionUsage(
                    functionName,
                    since,
                    invocations,
                    byStatus,
                    Duration.ofMillis(durationMs),
                    bytesIn,
                    bytesOut,
                    denials,
                    allowed,
                    latency(connection, functionName, since));
        });
    }

    /** p50 and p99 of the function's invocation durations since {@code since}, if it ran. */
    private static Optional<LatencyPercentiles> latency(Connection connection, String functionName, Instant since)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select percentile_cont(0.5) within group (order by duration_ms),
                       percentile_cont(0.99) within group (order by duration_ms)
                from invocations where function_name = ? and started_at >= ?""")) {
            select.setString(1, functionName);
            select.setTimestamp(2, Timestamp.from(since));
            ResultSet row = select.executeQuery();
            row.next();
            double p50 = row.getDouble(1);
            return row.wasNull() ? Optional.empty() : Optional.of(new LatencyPercentiles(p50, row.getDouble(2)));
        }
    }

    private static long count(Connection connection, String sql, String functionName, Instant since)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, functionName);
            select.setTimestamp(2, Timestamp.from(since));
            ResultSet row = select.executeQuery();
            row.next();
            return row.getLong(1);
        }
    }

    /**
     * Invocations, errors, denials and latency of {@code functionName} (empty: every function) from {@code since} to
     * {@code until}, in buckets of {@code bucket} from {@code since} on; every bucket is there, an empty one as zeros.
     */
    public List<ActivityBucket> timeline(Optional<String> functionName, Instant since, Instant until, Duration bucket) {
        int count = (int) Math.ceilDiv(Duration.between(since, until).toMillis(), bucket.toMillis());
        return transactor.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select bucket, sum(invocations), sum(errors), sum(denials), max(p50), max(p99) from (
                        select floor(extract(epoch from started_at - ?::timestamptz) / ?)::int as bucket,
                               count(*) as invocations, count(*) filter (where status <> 'ok') as errors,
                               0 as denials,
                               percentile_cont(0.5) within group (order by duration_ms) as p50,
                               percentile_cont(0.99) within group (order by duration_ms) as p99
                        from invocations
                        where started_at >= ? and started_at < ? and (?::text is null or function_name = ?)
                        group by 1
                        union all
                        select floor(extract(epoch from occurred_at - ?::timestamptz) / ?)::int, 0, 0, count(*),
                               null, null
                        from egress_denials
                        where occurred_at >= ? and occurred_at < ? and (?::text is null or function_name = ?)
                        group by 1
                    ) parts group by bucket""")) {
                int index = 1;
                for (int part = 0; part < 2; part++) {
                    select.setTimestamp(index++, Timestamp.from(since));
                    select.setDouble(index++, bucket.toMillis() / 1000.0);
                    select.setTimestamp(index++, Timestamp.from(since));
                    select.setTimestamp(index++, Timestamp.from(until));
                    select.setString(index++, functionName.orElse(null));
                    select.setString(index++, functionName.orElse(null));
                }
                ActivityBucket[] buckets = new ActivityBucket[count];
                for (int i = 0; i < count; i++) {
                    buckets[i] = new ActivityBucket(since.plus(bucket.multipliedBy(i)), 0, 0, 0, Optional.empty());
                }
                ResultSet rows = select.executeQuery();
                while (rows.next()) {
                    int i = rows.getInt(1);
                    double p50 = rows.getDouble(5);
                    Optional<LatencyPercentiles> latency = rows.wasNull()
                            ? Optional.empty()
                            : Optional.of(new LatencyPercentiles(p50, rows.getDouble(6)));
                    buckets[i] = new ActivityBucket(
                            buckets[i].start(), rows.getLong(2), rows.getLong(3), rows.getLong(4), latency);
                }
                return List.of(buckets);
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
                    denials.add(new EgressDenial(
                            rows.getObject(1, UUID.class),
                            rows.getString(2),
                            Optional.ofNullable(rows.getObject(3, UUID.class)),
                            rows.getTimestamp(4).toInstant(),
                            rows.getString(5),
                            rows.getString(6)));
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
                    counts.add(new AllowedEgressCount(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getTimestamp(3).toInstant(),
                            rows.getLong(4)));
                }
                return counts;
            }
        });
    }
}
