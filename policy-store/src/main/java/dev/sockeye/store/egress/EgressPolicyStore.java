package dev.sockeye.store.egress;

import dev.sockeye.store.changes.ChangeKind;
import dev.sockeye.store.changes.ChangeLog;
import dev.sockeye.store.database.Actors;
import dev.sockeye.store.database.EnumColumns;
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
 * Egress policies with optimistic concurrency: a write names the revision it was based on and fails with
 * {@link StoreException.Conflict} if someone wrote in between, never overwriting silently. Every write is kept
 * in the history with its before and after.
 */
public final class EgressPolicyStore {

    private final Transactor transactor;
    private final EgressRuleValidator validator;

    public EgressPolicyStore(Transactor transactor, EgressRuleValidator validator) {
        this.transactor = transactor;
        this.validator = validator;
    }

    /** The empty, enforcing policy every new function starts with (revision 0: nothing may leave). */
    public static void createInitial(Connection connection, long functionId, String actor) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into egress_policies (function_id, rules, mode, revision, updated_by)
                values (?, '{}', 'enforce', 0, ?)""")) {
            insert.setLong(1, functionId);
            insert.setString(2, actor);
            insert.executeUpdate();
        }
    }

    public PolicyRevision get(String functionName) {
        return transactor.inTransaction(connection -> read(connection, functionName));
    }

    /**
     * Replaces the rules and mode if the stored revision is still {@code expectedRevision}.
     *
     * @return the new revision
     * @throws StoreException.Conflict if the policy was changed since {@code expectedRevision}
     */
    public long replace(String functionName, List<String> rules, PolicyMode mode, long expectedRevision, String actor) {
        Actors.requireValid(actor);
        if (rules == null || mode == null || rules.stream().anyMatch(java.util.Objects::isNull)) {
            throw new StoreException.Invalid("egress policy of function '" + functionName
                    + "' needs a rule list without null rules (empty = deny all) and a mode");
        }
        List<String> newRules = List.copyOf(rules);
        validator.validate(newRules);
        return transactor.inTransaction(
                connection -> write(connection, functionName, newRules, mode, expectedRevision, actor));
    }

    /** Restores the policy as it was right after {@code revision} (0 = the initial empty policy). */
    public long revertTo(String functionName, long revision, long expectedRevision, String actor) {
        Actors.requireValid(actor);
        return transactor.inTransaction(connection -> {
            long functionId = FunctionRows.idOf(connection, functionName);
            try (PreparedStatement select = connection.prepareStatement("""
                    select rules_after, mode_after from egress_policy_history where function_id = ? and revision = ?
                    union all
                    select rules_before, mode_before from egress_policy_history where function_id = ? and revision = 1
                          and ? = 0""")) {
                select.setLong(1, functionId);
                select.setLong(2, revision);
                select.setLong(3, functionId);
                select.setLong(4, revision);
                ResultSet row = select.executeQuery();
                if (!row.next()) {
                    throw new StoreException.NotFound("policy of function '" + functionName + "' has no revision "
                            + revision + " in its history");
                }
                return write(
                        connection,
                        functionName,
                        SqlArrays.texts(row.getArray(1)),
                        mode(row.getString(2)),
                        expectedRevision,
                        actor);
            }
        });
    }

    /** Every write, newest first. */
    public List<PolicyChange> history(String functionName) {
        return transactor.inTransaction(connection -> {
            long functionId = FunctionRows.idOf(connection, functionName);
            try (PreparedStatement select = connection.prepareStatement("""
                    select revision, rules_before, mode_before, rules_after, mode_after, changed_at, changed_by
                    from egress_policy_history where function_id = ? order by revision desc""")) {
                select.setLong(1, functionId);
                ResultSet rows = select.executeQuery();
                List<PolicyChange> changes = new ArrayList<>();
                while (rows.next()) {
                    changes.add(new PolicyChange(
                            rows.getLong(1),
                            SqlArrays.texts(rows.getArray(2)),
                            mode(rows.getString(3)),
                            SqlArrays.texts(rows.getArray(4)),
                            mode(rows.getString(5)),
                            rows.getTimestamp(6).toInstant(),
                            rows.getString(7)));
                }
                return changes;
            }
        });
    }

    private static long write(
            Connection connection,
            String functionName,
            List<String> rules,
            PolicyMode mode,
            long expectedRevision,
            String actor)
            throws SQLException {
        long functionId = FunctionRows.idOf(connection, functionName);
        // Row lock until commit: a concurrent writer waits here, then sees the new revision and gets a conflict.
        PolicyRevision before =
                find(connection, functionName, " for update of p").orElseThrow();
        if (before.revision() != expectedRevision) {
            throw new StoreException.Conflict("policy of function '" + functionName + "' is at revision "
                    + before.revision() + ", not " + expectedRevision + "; reload it and apply the change again");
        }
        long newRevision = expectedRevision + 1;
        try (PreparedStatement update = connection.prepareStatement("""
                update egress_policies set rules = ?, mode = ?, revision = ?, updated_at = now(), updated_by = ?
                where function_id = ?""")) {
            update.setArray(1, SqlArrays.texts(connection, rules));
            update.setString(2, EnumColumns.toColumn(mode));
            update.setLong(3, newRevision);
            update.setString(4, actor);
            update.setLong(5, functionId);
            update.executeUpdate();
        }
        try (PreparedStatement history = connection.prepareStatement("""
                insert into egress_policy_history (function_id, revision, rules_before, mode_before, rules_after,
                                                   mode_after, changed_by)
                values (?, ?, ?, ?, ?, ?, ?)""")) {
            history.setLong(1, functionId);
            history.setLong(2, newRevision);
            history.setArray(3, SqlArrays.texts(connection, before.rules()));
            history.setString(4, EnumColumns.toColumn(before.mode()));
            history.setArray(5, SqlArrays.texts(connection, rules));
            history.setString(6, EnumColumns.toColumn(mode));
            history.setString(7, actor);
            history.executeUpdate();
        }
        ChangeLog.append(connection, ChangeKind.POLICY, functionName, newRevision);
        return newRevision;
    }

    /** Reads the current policy inside a caller's transaction (the invoker's deployment reader uses it). */
    public static PolicyRevision read(Connection connection, String functionName) throws SQLException {
        return find(connection, functionName, "")
                .orElseThrow(() -> new StoreException.NotFound("function '" + functionName + "' does not exist"));
    }

    private static PolicyMode mode(String column) {
        return EnumColumns.fromColumn(PolicyMode.class, column);
    }

    private static Optional<PolicyRevision> find(Connection connection, String functionName, String lockClause)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select p.rules, p.mode, p.revision, p.updated_at, p.updated_by
                from egress_policies p join functions f on f.id = p.function_id where f.name = ?""" + lockClause)) {
            select.setString(1, functionName);
            ResultSet row = select.executeQuery();
            if (!row.next()) {
                return Optional.empty();
            }
            return Optional.of(new PolicyRevision(
                    functionName,
                    SqlArrays.texts(row.getArray(1)),
                    mode(row.getString(2)),
                    row.getLong(3),
                    row.getTimestamp(4).toInstant(),
                    row.getString(5)));
        }
    }
}
