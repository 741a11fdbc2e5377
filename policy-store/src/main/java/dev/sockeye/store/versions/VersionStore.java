package dev.sockeye.store.versions;

import dev.sockeye.store.database.Actors;
import dev.sockeye.store.database.FunctionRows;
import dev.sockeye.store.database.SqlArrays;
import dev.sockeye.store.database.Transactor;
import dev.sockeye.store.errors.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Versions of functions. A version is never updated (the schema rejects it); creating one does not activate it,
 * so it reaches no invoker until {@code FunctionStore.activate}.
 */
public final class VersionStore {

    private static final String SELECT_VERSION = """
            select f.name, v.number, v.module_sha256, v.args, v.env, v.file_bundle_sha256, v.created_at, v.created_by
            from versions v join functions f on f.id = v.function_id
            """;

    private final Transactor transactor;

    public VersionStore(Transactor transactor) {
        this.transactor = transactor;
    }

    /** Creates the next version of {@code functionName}. */
    public FunctionVersion create(String functionName, VersionSpec spec, String actor) {
        Actors.requireValid(actor);
        return transactor.inTransaction(connection -> {
            long functionId = FunctionRows.idOf(connection, functionName);
            requireExists(connection, "modules", spec.moduleSha256(), "module");
            if (spec.fileBundleSha256().isPresent()) {
                requireExists(
                        connection, "file_bundles", spec.fileBundleSha256().get(), "file bundle");
            }
            int number;
            // The row lock of this update makes concurrent creators take numbers one after the other.
            try (PreparedStatement next = connection.prepareStatement(
                    "update functions set last_version = last_version + 1 where id = ? returning last_version")) {
                next.setLong(1, functionId);
                ResultSet row = next.executeQuery();
                row.next();
                number = row.getInt(1);
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into versions (function_id, number, module_sha256, args, env, file_bundle_sha256, created_by)
                    values (?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setLong(1, functionId);
                insert.setInt(2, number);
                insert.setString(3, spec.moduleSha256());
                insert.setArray(4, SqlArrays.texts(connection, spec.args()));
                insert.setArray(5, SqlArrays.texts(connection, Environment.toEntries(spec.env())));
                insert.setString(6, spec.fileBundleSha256().orElse(null));
                insert.setString(7, actor);
                insert.executeUpdate();
            }
            return read(connection, functionName, number).orElseThrow();
        });
    }

    public FunctionVersion get(String functionName, int number) {
        return transactor.inTransaction(connection -> {
            FunctionRows.idOf(connection, functionName);
            return read(connection, functionName, number)
                    .orElseThrow(() ->
                            new StoreException.NotFound("function '" + functionName + "' has no version " + number));
        });
    }

    /** All versions, newest first. */
    public List<FunctionVersion> list(String functionName) {
        return transactor.inTransaction(connection -> {
            long functionId = FunctionRows.idOf(connection, functionName);
            try (PreparedStatement select =
                    connection.prepareStatement(SELECT_VERSION + " where v.function_id = ? order by v.number desc")) {
                select.setLong(1, functionId);
                ResultSet rows = select.executeQuery();
                List<FunctionVersion> versions = new ArrayList<>();
                while (rows.next()) {
                    versions.add(map(rows));
                }
                return versions;
            }
        });
    }

    /** Reads one version inside a caller's transaction (the invoker's deployment reader uses it). */
    public static Optional<FunctionVersion> read(Connection connection, String functionName, int number)
            throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement(SELECT_VERSION + " where f.name = ? and v.number = ?")) {
            select.setString(1, functionName);
            select.setInt(2, number);
            ResultSet row = select.executeQuery();
            return row.next() ? Optional.of(map(row)) : Optional.empty();
        }
    }

    private static FunctionVersion map(ResultSet row) throws SQLException {
        return new FunctionVersion(
                row.getString(1),
                row.getInt(2),
                row.getString(3),
                SqlArrays.texts(row.getArray(4)),
                Environment.fromEntries(SqlArrays.texts(row.getArray(5))),
                Optional.ofNullable(row.getString(6)),
                row.getTimestamp(7).toInstant(),
                row.getString(8));
    }

    private static void requireExists(Connection connection, String table, String sha256, String what)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select 1 from " + table + " where sha256 = ?")) {
            select.setString(1, sha256);
            if (!select.executeQuery().next()) {
                throw new StoreException.NotFound("no " + what + " with sha256 " + sha256 + "; upload it first");
            }
        }
    }
}
