package dev.sockeye.store.changes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code changes} table. Writers append inside their own transaction (the schema's trigger numbers the row
 * and sends the NOTIFY, both only visible at commit); subscribers read what they missed.
 */
public final class ChangeLog {

    /** The NOTIFY channel. */
    public static final String CHANNEL = "sockeye_changes";

    private ChangeLog() {}

    /**
     * Appends a change in the caller's transaction. Call it last in the transaction: it takes the lock that
     * orders all change writers until commit.
     */
    public static long append(Connection connection, ChangeKind kind, String functionName, long revision)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into changes (kind, function_name, revision) values (?, ?, ?) returning sequence")) {
            insert.setString(1, kind.name());
            insert.setString(2, functionName);
            insert.setLong(3, revision);
            ResultSet row = insert.executeQuery();
            row.next();
            return row.getLong(1);
        }
    }

    /** Changes with a sequence above {@code afterSequence}, oldest first. */
    public static List<Change> readAfter(Connection connection, long afterSequence) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select sequence, kind, function_name, revision from changes where sequence > ? order by sequence")) {
            select.setLong(1, afterSequence);
            ResultSet rows = select.executeQuery();
            List<Change> changes = new ArrayList<>();
            while (rows.next()) {
                changes.add(new Change(
                        rows.getLong(1), ChangeKind.valueOf(rows.getString(2)), rows.getString(3), rows.getLong(4)));
            }
            return changes;
        }
    }

    /** Highest sequence deleted by {@link #pruneBefore}; 0 if nothing was ever pruned. */
    public static long prunedThrough(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select through_sequence from changes_pruned")) {
            ResultSet row = select.executeQuery();
            row.next();
            return row.getLong(1);
        }
    }

    /** Deletes changes older than {@code cutoff}, remembering how far it went; returns how many. */
    public static int pruneBefore(Connection connection, java.time.Instant cutoff) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("""
                with pruned as (delete from changes where changed_at < ? returning sequence)
                update changes_pruned set through_sequence = greatest(through_sequence,
                       (select coalesce(max(sequence), 0) from pruned))
                returning (select count(*) from pruned)""")) {
            delete.setTimestamp(1, java.sql.Timestamp.from(cutoff));
            ResultSet row = delete.executeQuery();
            row.next();
            return row.getInt(1);
        }
    }

    /** The newest sequence, 0 for an empty feed. */
    public static long latestSequence(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select greatest(max(sequence), (select through_sequence from changes_pruned)) from changes")) {
            ResultSet row = select.executeQuery();
            row.next();
            return row.getLong(1);
        }
    }
}
