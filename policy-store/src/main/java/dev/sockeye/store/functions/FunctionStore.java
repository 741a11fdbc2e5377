package dev.sockeye.store.functions;

import dev.sockeye.store.changes.ChangeKind;
import dev.sockeye.store.changes.ChangeLog;
import dev.sockeye.store.database.Actors;
import dev.sockeye.store.database.EnumColumns;
import dev.sockeye.store.database.FunctionRows;
import dev.sockeye.store.database.SqlArrays;
import dev.sockeye.store.database.Transactor;
import dev.sockeye.store.egress.EgressPolicyStore;
import dev.sockeye.store.errors.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Functions: their settings, routes and which version is active. Every write an invoker must see appends to
 * the change feed in the same transaction.
 */
public final class FunctionStore {

    private static final String SELECT_FUNCTION = """
            select f.id, f.name, f.description, f.created_at, f.updated_at, f.active_version, f.timeout_ms,
                   f.memory_pages, f.max_concurrency, f.max_sockets, f.max_request_bytes, f.max_response_bytes,
                   f.max_egress_bytes, f.trigger_visibility,
                   array(select r.path from routes r where r.function_id = f.id order by r.path) as routes
            from functions f
            """;

    private final Transactor transactor;

    public FunctionStore(Transactor transactor) {
        this.transactor = transactor;
    }

    /** Creates a function with no active version and an empty (deny-all, enforcing) egress policy. */
    public FunctionDefinition create(FunctionSpec spec, String actor) {
        Actors.requireValid(actor);
        return transactor.inTransaction(connection -> {
            long id;
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into functions (name, description, timeout_ms, memory_pages, max_concurrency, max_sockets,
                                           max_request_bytes, max_response_bytes, max_egress_bytes, trigger_visibility)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (name) do nothing
                    returning id""")) {
                insert.setString(1, spec.name());
                insert.setString(2, spec.description());
                setLimits(insert, 3, spec.limits());
                insert.setString(10, EnumColumns.toColumn(spec.visibility()));
                ResultSet row = insert.executeQuery();
                if (!row.next()) {
                    throw new StoreException.Conflict("function '" + spec.name() + "' already exists");
                }
                id = row.getLong(1);
            }
            insertRoutes(connection, id, spec.routes());
            EgressPolicyStore.createInitial(connection, id, actor);
            return read(connection, spec.name()).orElseThrow();
        });
    }

    public Optional<FunctionDefinition> find(String name) {
        return transactor.inTransaction(connection -> read(connection, name));
    }

    public FunctionDefinition get(String name) {
        return find(name).orElseThrow(() -> new StoreException.NotFound("function '" + name + "' does not exist"));
    }

    public List<FunctionDefinition> list() {
        return transactor.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT_FUNCTION + " order by f.name")) {
                ResultSet rows = select.executeQuery();
                List<FunctionDefinition> functions = new ArrayList<>();
                while (rows.next()) {
                    functions.add(map(rows));
                }
                return functions;
            }
        });
    }

    /** Description only matters to people; no change-feed entry. */
    public void updateDescription(String name, String description) {
        write(
                name,
                Optional.empty(),
                0,
                (connection, id) -> updateRow(connection, id, ", description = ?", update -> {
                    update.setString(1, description == null ? "" : description);
                    return 2;
                }));
    }

    public void updateLimits(String name, FunctionLimits limits) {
        write(
                name,
                Optional.of(ChangeKind.LIMITS),
                0,
                (connection, id) -> updateRow(connection, id, """
                , timeout_ms = ?, memory_pages = ?, max_concurrency = ?, max_sockets = ?, max_request_bytes = ?,
                  max_response_bytes = ?, max_egress_bytes = ?""", update -> setLimits(update, 1, limits)));
    }

    /** Replaces the function's routes; a path owned by another function is a conflict. */
    public void replaceRoutes(String name, List<String> routes) {
        List<String> paths = Routes.requireValid(routes);
        write(name, Optional.of(ChangeKind.ROUTES), 0, (connection, id) -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from routes where function_id = ?")) {
                delete.setLong(1, id);
                delete.executeUpdate();
            }
            insertRoutes(connection, id, paths);
            updateRow(connection, id, "", update -> 1);
        });
    }

    public void setVisibility(String name, TriggerVisibility visibility) {
        write(
                name,
                Optional.of(ChangeKind.VISIBILITY),
                0,
                (connection, id) -> updateRow(connection, id, ", trigger_visibility = ?", update -> {
                    update.setString(1, EnumColumns.toColumn(visibility));
                    return 2;
                }));
    }

    /** Makes {@code versionNumber} the one invokers run (also how a rollback is done). */
    public void activate(String name, int versionNumber) {
        write(name, Optional.of(ChangeKind.ACTIVE_VERSION), versionNumber, (connection, id) -> {
            try (PreparedStatement exists =
                    connection.prepareStatement("select 1 from versions where function_id = ? and number = ?")) {
                exists.setLong(1, id);
                exists.setInt(2, versionNumber);
                if (!exists.executeQuery().next()) {
                    throw new StoreException.NotFound("function '" + name + "' has no version " + versionNumber);
                }
            }
            updateRow(connection, id, ", active_version = ?", update -> {
                update.setInt(1, versionNumber);
                return 2;
            });
        });
    }

    /** Deletes the function with its versions, policy and secrets; audit rows stay. */
    public void delete(String name) {
        write(name, Optional.of(ChangeKind.FUNCTION_DELETED), 0, (connection, id) -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from functions where id = ?")) {
                delete.setLong(1, id);
                delete.executeUpdate();
            }
        });
    }

    /** A write to one existing function, given its locked row id. */
    @FunctionalInterface
    private interface RowWrite {
        void apply(Connection connection, long functionId) throws SQLException;
    }

    /** Binds the assignments' parameters from index 1 and returns the next free index. */
    @FunctionalInterface
    private interface Assignments {
        int bind(PreparedStatement update) throws SQLException;
    }

    /** Locks the function, applies the write and, if invokers care, appends the change; all in one transaction. */
    private void write(String name, Optional<ChangeKind> change, long revision, RowWrite rowWrite) {
        transactor.inTransaction(connection -> {
            long id = FunctionRows.lockIdOf(connection, name);
            rowWrite.apply(connection, id);
            if (change.isPresent()) {
                ChangeLog.append(connection, change.get(), name, revision);
            }
            return null;
        });
    }

    /** Sets {@code updated_at} and the given {@code ", column = ?"} assignments on the function's row. */
    private static void updateRow(Connection connection, long id, String assignments, Assignments values)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update functions set updated_at = now() " + assignments + " where id = ?")) {
            update.setLong(values.bind(update), id);
            update.executeUpdate();
        }
    }

    private static void insertRoutes(Connection connection, long functionId, List<String> paths) throws SQLException {
        try (PreparedStatement owners = connection.prepareStatement("""
                select r.path, f.name from routes r join functions f on f.id = r.function_id
                where r.path = any(?) and r.function_id <> ? order by r.path""")) {
            owners.setArray(1, SqlArrays.texts(connection, paths));
            owners.setLong(2, functionId);
            ResultSet taken = owners.executeQuery();
            if (taken.next()) {
                throw new StoreException.Conflict(
                        "route " + taken.getString(1) + " already belongs to function '" + taken.getString(2) + "'");
            }
        }
        try (PreparedStatement insert =
                connection.prepareStatement("insert into routes (path, function_id) values (?, ?)")) {
            for (String path : paths) {
                insert.setString(1, path);
                insert.setLong(2, functionId);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static int setLimits(PreparedStatement statement, int first, FunctionLimits limits) throws SQLException {
        statement.setInt(first, (int) limits.timeout().toMillis());
        statement.setInt(first + 1, limits.memoryPages());
        statement.setInt(first + 2, limits.maxConcurrency());
        statement.setInt(first + 3, limits.maxSockets());
        statement.setLong(first + 4, limits.maxRequestBytes());
        statement.setLong(first + 5, limits.maxResponseBytes());
        statement.setLong(first + 6, limits.maxEgressBytes());
        return first + 7;
    }

    private static Optional<FunctionDefinition> read(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_FUNCTION + " where f.name = ?")) {
            select.setString(1, name);
            ResultSet row = select.executeQuery();
            return row.next() ? Optional.of(map(row)) : Optional.empty();
        }
    }

    /** Maps one row of {@link #SELECT_FUNCTION}; also used by the invoker's deployment reader. */
    public static FunctionDefinition map(ResultSet row) throws SQLException {
        int activeVersion = row.getInt("active_version");
        OptionalInt active = row.wasNull() ? OptionalInt.empty() : OptionalInt.of(activeVersion);
        FunctionLimits limits = new FunctionLimits(
                java.time.Duration.ofMillis(row.getInt("timeout_ms")),
                row.getInt("memory_pages"),
                row.getInt("max_concurrency"),
                row.getInt("max_sockets"),
                row.getLong("max_request_bytes"),
                row.getLong("max_response_bytes"),
                row.getLong("max_egress_bytes"));
        return new FunctionDefinition(
                row.getString("name"),
                row.getString("description"),
                row.getTimestamp("created_at").toInstant(),
                row.getTimestamp("updated_at").toInstant(),
                active,
                limits,
                SqlArrays.texts(row.getArray("routes")),
                EnumColumns.fromColumn(TriggerVisibility.class, row.getString("trigger_visibility")));
    }

    /** The select that {@link #map} reads, for callers that add their own where clause. */
    public static String selectFunctionSql() {
        return SELECT_FUNCTION;
    }
}
