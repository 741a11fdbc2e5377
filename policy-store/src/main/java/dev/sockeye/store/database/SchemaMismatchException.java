package dev.sockeye.store.database;

/** The database schema is not the one this build was written for; the process must not start. */
public final class SchemaMismatchException extends IllegalStateException {
    public SchemaMismatchException(String message) {
        super(message);
    }
}
