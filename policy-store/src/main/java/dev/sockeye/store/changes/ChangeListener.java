package dev.sockeye.store.changes;

/** Receives the change feed on the subscriber's thread, one change at a time, in sequence order. */
@FunctionalInterface
public interface ChangeListener {

    void onChange(Change change);

    /**
     * The feed was unreachable and has been caught up again; every missed change was delivered before this.
     * Invokers may log it; nothing needs reloading.
     */
    default void onReconnected(long lastSequence) {}

    /**
     * Changes this subscriber had not seen were deleted by retention (it was away longer than the retention
     * period); the listener must reload everything ({@code DeploymentReader.loadAll()}). Changes after that point
     * keep coming through {@link #onChange}. Listeners that cache state must override this.
     */
    default void onResyncRequired() {}
}
