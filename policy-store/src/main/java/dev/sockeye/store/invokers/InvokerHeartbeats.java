package dev.sockeye.store.invokers;

import dev.sockeye.store.database.SqlArrays;
import dev.sockeye.store.database.Transactor;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The invokers' heartbeat rows: each invoker upserts its own every interval; the API reads them all. Last-seen
 * and staleness use the database's clock. Rows not seen for the prune time are deleted by the next beat of any
 * invoker, so a crashed invoker's row is reported stale first, then disappears.
 */
public final class InvokerHeartbeats {

    private final Transactor transactor;

    public InvokerHeartbeats(Transactor transactor) {
        this.transactor = transactor;
    }

    /** Records {@code beat} as seen now, and deletes every row not seen for {@code pruneAfter}. */
    public void beat(Heartbeat beat, Duration pruneAfter) {
        var names = new ArrayList<String>(beat.served().keySet());
        var versions = new Integer[names.size()];
        var revisions = new Long[names.size()];
        for (int i = 0; i < names.size(); i++) {
            ServedRevision served = beat.served().get(names.get(i));
            versions[i] = served.version();
            revisions[i] = served.policyRevision();
        }
        transactor.inTransaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    insert into invoker_heartbeats
                        (invoker_id, started_at, last_seen, stale_after_ms, ready, status, served)
                    values (?, ?, now(), ?, ?, ?, coalesce(
                        (select jsonb_object_agg(n, jsonb_build_object('version', v, 'policyRevision', r))
                         from unnest(?::text[], ?::integer[], ?::bigint[]) as t(n, v, r)),
                        '{}'::jsonb))
                    on conflict (invoker_id) do update set started_at = excluded.started_at,
                        last_seen = excluded.last_seen, stale_after_ms = excluded.stale_after_ms,
                        ready = excluded.ready, status = excluded.status, served = excluded.served""")) {
                upsert.setString(1, beat.invokerId());
                upsert.setTimestamp(2, Timestamp.from(beat.startedAt()));
                upsert.setLong(3, beat.staleAfter().toMillis());
                upsert.setBoolean(4, beat.ready());
                upsert.setString(5, beat.status());
                upsert.setArray(6, SqlArrays.texts(connection, names));
                upsert.setArray(7, connection.createArrayOf("integer", versions));
                upsert.setArray(8, connection.createArrayOf("bigint", revisions));
                upsert.executeUpdate();
            }
            try (PreparedStatement prune = connection.prepareStatement(
                    "delete from invoker_heartbeats where last_seen < now() - ? * interval '1 millisecond'")) {
                prune.setLong(1, pruneAfter.toMillis());
                prune.executeUpdate();
            }
            return null;
        });
    }

    /** Removes an invoker's row: it stopped cleanly and serves nothing any more. */
    public void remove(String invokerId) {
        transactor.inTransaction(connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("delete from invoker_heartbeats where invoker_id = ?")) {
                delete.setString(1, invokerId);
                delete.executeUpdate();
            }
            return null;
        });
    }

    /** Every invoker row not pruned yet, live ones first, then by id. */
    public List<KnownInvoker> list() {
        return transactor.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select h.invoker_id, h.started_at, h.last_seen, h.ready, h.status,
                           h.last_seen < now() - h.stale_after_ms * interval '1 millisecond' as stale,
                           s.key, (s.value ->> 'version')::integer, (s.value ->> 'policyRevision')::bigint
                    from invoker_heartbeats h left join lateral jsonb_each(h.served) s on true
                    order by stale, h.invoker_id, s.key""")) {
                return read(select.executeQuery());
            }
        });
    }

    private static List<KnownInvoker> read(ResultSet rows) throws SQLException {
        Map<String, KnownInvoker> invokers = new LinkedHashMap<>();
        Map<String, Map<String, ServedRevision>> served = new LinkedHashMap<>();
        while (rows.next()) {
            String id = rows.getString(1);
            if (!invokers.containsKey(id)) {
                invokers.put(
                        id,
                        new KnownInvoker(
                                id,
                                rows.getTimestamp(2).toInstant(),
                                rows.getTimestamp(3).toInstant(),
                                rows.getBoolean(4),
                                rows.getString(5),
                                rows.getBoolean(6),
                                Map.of()));
                served.put(id, new TreeMap<>());
            }
            String function = rows.getString(7);
            if (function != null) {
                served.get(id).put(function, new ServedRevision(rows.getInt(8), rows.getLong(9)));
            }
        }
        var result = new ArrayList<KnownInvoker>();
        invokers.forEach((id, invoker) -> result.add(new KnownInvoker(
                id,
                invoker.startedAt(),
                invoker.lastSeen(),
                invoker.ready(),
                invoker.status(),
                invoker.stale(),
                served.get(id))));
        return result;
    }
}
