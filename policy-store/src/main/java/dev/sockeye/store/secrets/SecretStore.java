package dev.sockeye.store.secrets;

import dev.sockeye.store.changes.ChangeKind;
import dev.sockeye.store.changes.ChangeLog;
import dev.sockeye.store.database.Actors;
import dev.sockeye.store.database.FunctionRows;
import dev.sockeye.store.database.Transactor;
import dev.sockeye.store.errors.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Per-function secrets, encrypted at rest. The API-facing queries return {@link SecretInfo} only; plain values
 * leave this class solely through {@link #decryptAll}, which only the invoker's deployment reader calls.
 */
public final class SecretStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final Transactor transactor;
    private final SecretCipher cipher;

    public SecretStore(Transactor transactor, SecretCipher cipher) {
        this.transactor = transactor;
        this.cipher = cipher;
    }

    /** Sets (creates or replaces) a secret; the function sees it as an environment variable. */
    public void put(String functionName, String secretName, String value, String actor) {
        Actors.requireValid(actor);
        if (secretName == null || !NAME.matcher(secretName).matches()) {
            throw new StoreException.Invalid("secret name must match " + NAME + ", was '" + secretName + "'");
        }
        if (value == null) {
            throw new StoreException.Invalid("secret " + secretName + " needs a value");
        }
        SecretCipher.Sealed sealed = cipher.encrypt(functionName, secretName, value);
        transactor.inTransaction(connection -> {
            long functionId = FunctionRows.lockIdOf(connection, functionName);
            try (PreparedStatement upsert = connection.prepareStatement("""
                    insert into secrets (function_id, name, key_id, nonce, ciphertext, updated_by)
                    values (?, ?, ?, ?, ?, ?)
                    on conflict (function_id, name) do update set key_id = excluded.key_id, nonce = excluded.nonce,
                        ciphertext = excluded.ciphertext, updated_at = now(), updated_by = excluded.updated_by""")) {
                upsert.setLong(1, functionId);
                upsert.setString(2, secretName);
                setSealed(upsert, 3, sealed);
                upsert.setString(6, actor);
                upsert.executeUpdate();
            }
            ChangeLog.append(connection, ChangeKind.SECRETS, functionName, 0);
            return null;
        });
    }

    public void delete(String functionName, String secretName) {
        transactor.inTransaction(connection -> {
            long functionId = FunctionRows.lockIdOf(connection, functionName);
            try (PreparedStatement delete =
                    connection.prepareStatement("delete from secrets where function_id = ? and name = ?")) {
                delete.setLong(1, functionId);
                delete.setString(2, secretName);
                if (delete.executeUpdate() == 0) {
                    throw new StoreException.NotFound("function '" + functionName + "' has no secret " + secretName);
                }
            }
            ChangeLog.append(connection, ChangeKind.SECRETS, functionName, 0);
            return null;
        });
    }

    /** Names and key ids, for the API; no values. */
    public List<SecretInfo> list(String functionName) {
        return transactor.inTransaction(connection -> {
            long functionId = FunctionRows.idOf(connection, functionName);
            try (PreparedStatement select = connection.prepareStatement(
                    "select name, key_id, updated_at, updated_by from secrets where function_id = ? order by name")) {
                select.setLong(1, functionId);
                ResultSet rows = select.executeQuery();
                List<SecretInfo> secrets = new ArrayList<>();
                while (rows.next()) {
                    secrets.add(new SecretInfo(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getTimestamp(3).toInstant(),
                            rows.getString(4)));
                }
                return secrets;
            }
        });
    }

    /**
     * Re-encrypts every value not under the active key (after a key rotation). Values stay readable throughout:
     * each row is rewritten in one statement.
     *
     * @return how many values were re-encrypted
     */
    public int reencryptAll() {
        return transactor.inTransaction(connection -> {
            List<String> touchedFunctions = new ArrayList<>();
            int reencrypted = 0;
            try (PreparedStatement select = connection.prepareStatement("""
                    select s.function_id, f.name, s.name, s.key_id, s.nonce, s.ciphertext
                    from secrets s join functions f on f.id = s.function_id order by f.name, s.name for update of s""");
                    PreparedStatement update = connection.prepareStatement("""
                    update secrets set key_id = ?, nonce = ?, ciphertext = ?, updated_at = now()
                    where function_id = ? and name = ?""")) {
                ResultSet rows = select.executeQuery();
                while (rows.next()) {
                    if (!cipher.needsReencryption(rows.getString(4))) {
                        continue;
                    }
                    String functionName = rows.getString(2);
                    String secretName = rows.getString(3);
                    String plain = cipher.decrypt(
                            functionName,
                            secretName,
                            new SecretCipher.Sealed(rows.getString(4), rows.getBytes(5), rows.getBytes(6)));
                    setSealed(update, 1, cipher.encrypt(functionName, secretName, plain));
                    update.setLong(4, rows.getLong(1));
                    update.setString(5, secretName);
                    update.executeUpdate();
                    reencrypted++;
                    if (!touchedFunctions.contains(functionName)) {
                        touchedFunctions.add(functionName);
                    }
                }
            }
            for (String functionName : touchedFunctions) {
                ChangeLog.append(connection, ChangeKind.SECRETS, functionName, 0);
            }
            return reencrypted;
        });
    }

    /** Plain values by name, for the invoker only; runs in the caller's transaction. */
    public static Map<String, String> decryptAll(Connection connection, SecretCipher cipher, String functionName)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select s.name, s.key_id, s.nonce, s.ciphertext
                from secrets s join functions f on f.id = s.function_id where f.name = ?""")) {
            select.setString(1, functionName);
            ResultSet rows = select.executeQuery();
            Map<String, String> values = new TreeMap<>();
            while (rows.next()) {
                values.put(
                        rows.getString(1),
                        cipher.decrypt(
                                functionName,
                                rows.getString(1),
                                new SecretCipher.Sealed(rows.getString(2), rows.getBytes(3), rows.getBytes(4))));
            }
            return values;
        }
    }

    private static void setSealed(PreparedStatement statement, int first, SecretCipher.Sealed sealed)
            throws SQLException {
        statement.setString(first, sealed.keyId());
        statement.setBytes(first + 1, sealed.nonce());
        statement.setBytes(first + 2, sealed.ciphertext());
    }
}
