package dev.sockeye.store.modules;

import dev.sockeye.store.database.Actors;
import dev.sockeye.store.database.SqlArrays;
import dev.sockeye.store.database.Transactor;
import dev.sockeye.store.errors.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Wasm modules addressed by their SHA-256: uploading the same bytes twice stores them once. */
public final class ModuleStore {

    private final Transactor transactor;

    public ModuleStore(Transactor transactor) {
        this.transactor = transactor;
    }

    /** Stores {@code wasm} unless identical bytes are stored already; returns the stored module either way. */
    public StoredModule upload(byte[] wasm, String actor) {
        Actors.requireValid(actor);
        var imports = WasmImports.read(wasm);
        String sha256 = Sha256.hex(wasm);
        return transactor.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into modules (sha256, wasm, size_bytes, imports, uploaded_by) values (?, ?, ?, ?, ?)
                    on conflict (sha256) do nothing""")) {
                insert.setString(1, sha256);
                insert.setBytes(2, wasm);
                insert.setLong(3, wasm.length);
                insert.setArray(4, SqlArrays.texts(connection, imports));
                insert.setString(5, actor);
                insert.executeUpdate();
            }
            return read(connection, sha256).orElseThrow();
        });
    }

    public StoredModule get(String sha256) {
        return transactor.inTransaction(connection -> read(connection, sha256)).orElseThrow(() -> notFound(sha256));
    }

    public byte[] wasm(String sha256) {
        return transactor.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select wasm from modules where sha256 = ?")) {
                select.setString(1, sha256);
                ResultSet row = select.executeQuery();
                if (!row.next()) {
                    throw notFound(sha256);
                }
                return row.getBytes(1);
            }
        });
    }

    private static Optional<StoredModule> read(Connection connection, String sha256) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select sha256, size_bytes, imports, uploaded_at, uploaded_by from modules where sha256 = ?")) {
            select.setString(1, sha256);
            ResultSet row = select.executeQuery();
            if (!row.next()) {
                return Optional.empty();
            }
            return Optional.of(new StoredModule(
                    row.getString(1),
                    row.getLong(2),
                    SqlArrays.texts(row.getArray(3)),
                    row.getTimestamp(4).toInstant(),
                    row.getString(5)));
        }
    }

    private static StoreException.NotFound notFound(String sha256) {
        return new StoreException.NotFound("no module with sha256 " + sha256);
    }
}
