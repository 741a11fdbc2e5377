package dev.sockeye.store.database;

import dev.sockeye.store.errors.StoreException;

/** Every write records who made it (a token name, "control-plane", "cli:alice" ...). */
public final class Actors {

    private Actors() {}

    public static String requireValid(String actor) {
        if (actor == null || actor.isBlank()) {
            throw new StoreException.Invalid("every write needs an actor (who made it); it was blank");
        }
        return actor;
    }
}
