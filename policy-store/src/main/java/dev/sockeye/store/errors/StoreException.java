package dev.sockeye.store.errors;

/**
 * Every failure the store reports to its callers. The API layer maps each subtype to one HTTP status in one
 * place (404, 409, 400, 503); the message always names the bad input.
 */
public sealed class StoreException extends RuntimeException
        permits StoreException.NotFound, StoreException.Conflict, StoreException.Invalid, StoreException.Unavailable {

    private StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The named thing (function, version, module, token ...) does not exist. */
    public static final class NotFound extends StoreException {
        public NotFound(String message) {
            super(message, null);
        }
    }

    /** The write lost a race or collides with existing state (stale revision, duplicate name or route). */
    public static final class Conflict extends StoreException {
        public Conflict(String message) {
            super(message, null);
        }
    }

    /** The input breaks a rule of the data model (bad name, negative limit, malformed Wasm ...). */
    public static final class Invalid extends StoreException {
        public Invalid(String message) {
            super(message, null);
        }
    }

    /** Postgres could not be reached or failed; the caller may retry. */
    public static final class Unavailable extends StoreException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
