package dev.sockeye.store.versions;

import dev.sockeye.store.database.Actors;
import dev.sockeye.store.database.Transactor;
import dev.sockeye.store.errors.StoreException;
import dev.sockeye.store.modules.Sha256;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Read-only file bundles a version may mount (an archive; its format is the invoker's business), stored once
 * per content hash like modules.
 */
public final class FileBundleStore {

    private final Transactor transactor;

    public FileBundleStore(Transactor transactor) {
        this.transactor = transactor;
    }

    /** Stores the bundle unless identical bytes are stored already; returns its sha256. */
    public String upload(byte[] content, String actor) {
        Actors.requireValid(actor);
        String sha256 = Sha256.hex(content);
        transactor.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into file_bundles (sha256, content, size_bytes, uploaded_by) values (?, ?, ?, ?)
                    on conflict (sha256) do nothing""")) {
                insert.setString(1, sha256);
                insert.setBytes(2, content);
                insert.setLong(3, content.length);
                insert.setString(4, actor);
                return insert.executeUpdate();
            }
        });
        return sha256;
    }

    public byte[] content(String sha256) {
        return transactor.inTransaction(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select content from file_bundles where sha256 = ?")) {
                select.setString(1, sha256);
                ResultSet row = select.executeQuery();
                if (!row.next()) {
                    throw new StoreException.NotFound("no file bundle with sha256 " + sha256);
                }
                return row.getBytes(1);
            }
        });
    }
}
