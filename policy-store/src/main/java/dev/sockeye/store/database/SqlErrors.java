package dev.sockeye.store.database;

import dev.sockeye.store.errors.StoreException;
import java.sql.SQLException;

/**
 * The one place where Postgres errors become {@link StoreException}s. Constraint names in the schema are
 * chosen so that the message can say which input was wrong.
 */
final class SqlErrors {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String CHECK_VIOLATION = "23514";
    private static final String NOT_NULL_VIOLATION = "23502";
    private static final String RAISED_BY_SCHEMA = "P0001";
    private static final String SERIALIZATION_FAILURE = "40001";

    private SqlErrors() {}

    /**
     * @return a {@link StoreException} for what callers can act on; an {@link IllegalStateException} for SQL that
     *         Postgres rejects as malformed or referring to unknown objects, which is a bug here (or a schema
     *         that was changed behind our back)
     */
    static RuntimeException map(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String detail = e.getMessage();
        return switch (state) {
            case UNIQUE_VIOLATION, SERIALIZATION_FAILURE -> new StoreException.Conflict(detail);
            case FOREIGN_KEY_VIOLATION -> new StoreException.NotFound(detail);
            case CHECK_VIOLATION, NOT_NULL_VIOLATION, RAISED_BY_SCHEMA -> new StoreException.Invalid(detail);
            case String syntaxOrAccess
            when syntaxOrAccess.startsWith("42") ->
                new IllegalStateException("policy-store sent SQL postgres rejects (" + state + "): " + detail, e);
            // Class 08 = connection exceptions, 57P = operator intervention (shutdown, terminate).
            default ->
                state.startsWith("08") || state.startsWith("57P") || state.isEmpty()
                        ? new StoreException.Unavailable("postgres unavailable: " + detail, e)
                        : new StoreException.Unavailable("postgres error " + state + ": " + detail, e);
        };
    }
}
