package dev.sockeye.store.deployment;

import dev.sockeye.store.changes.ChangeLog;
import dev.sockeye.store.database.Transactor;
import dev.sockeye.store.egress.EgressPolicyStore;
import dev.sockeye.store.errors.StoreException;
import dev.sockeye.store.functions.FunctionDefinition;
import dev.sockeye.store.functions.FunctionStore;
import dev.sockeye.store.secrets.SecretCipher;
import dev.sockeye.store.secrets.SecretStore;
import dev.sockeye.store.versions.FunctionVersion;
import dev.sockeye.store.versions.VersionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The invoker's read side: loads runnable functions (those with an active version) with everything needed to
 * run them, secrets decrypted. Each read is one repeatable-read transaction, so a function is never assembled
 * from two different moments.
 */
public final class DeploymentReader {

    private final Transactor transactor;
    private final SecretCipher cipher;

    public DeploymentReader(Transactor transactor, SecretCipher cipher) {
        this.transactor = transactor;
        this.cipher = cipher;
    }

    /** Every runnable function plus the change sequence the snapshot reflects. */
    public DeploymentSnapshot loadAll() {
        return transactor.inTransaction(connection -> {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long sequence = ChangeLog.latestSequence(connection);
            List<DeployedFunction> functions = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    FunctionStore.selectFunctionSql() + " where f.active_version is not null order by f.name")) {
                ResultSet rows = select.executeQuery();
                while (rows.next()) {
                    functions.add(assemble(connection, FunctionStore.map(rows)));
                }
            }
            return new DeploymentSnapshot(sequence, functions);
        });
    }

    /** One function as it is now; empty if it was deleted or has no active version (stop serving it). */
    public Optional<DeployedFunction> load(String functionName) {
        return transactor.inTransaction(connection -> {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (PreparedStatement select = connection.prepareStatement(
                    FunctionStore.selectFunctionSql() + " where f.name = ? and f.active_version is not null")) {
                select.setString(1, functionName);
                ResultSet row = select.executeQuery();
                return row.next() ? Optional.of(assemble(connection, FunctionStore.map(row))) : Optional.empty();
            }
        });
    }

    private DeployedFunction assemble(Connection connection, FunctionDefinition function) throws SQLException {
        int versionNumber = function.activeVersion().orElseThrow();
        FunctionVersion version = VersionStore.read(connection, function.name(), versionNumber)
                .orElseThrow(() -> new StoreException.NotFound(
                        "function '" + function.name() + "' has no version " + versionNumber));
        return new DeployedFunction(
                function.name(),
                versionNumber,
                version.moduleSha256(),
                bytes(connection, "select wasm from modules where sha256 = ?", version.moduleSha256())
                        .orElseThrow(),
                version.args(),
                version.env(),
                fileBundle(connection, version),
                SecretStore.decryptAll(connection, cipher, function.name()),
                function.routes(),
                function.limits(),
                function.visibility(),
                EgressPolicyStore.read(connection, function.name()));
    }

    private static Optional<byte[]> fileBundle(Connection connection, FunctionVersion version) throws SQLException {
        if (version.fileBundleSha256().isEmpty()) {
            return Optional.empty();
        }
        return bytes(
                connection,
                "select content from file_bundles where sha256 = ?",
                version.fileBundleSha256().get());
    }

    private static Optional<byte[]> bytes(Connection connection, String sql, String sha256) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, sha256);
            ResultSet row = select.executeQuery();
            return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
        }
    }
}
