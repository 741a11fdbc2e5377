package dev.sockeye.policy.changes;

/** Receives the change feed on the subscriber's thread, one change at a time, in sequence order. */
@FunctionalInterface
public interface ChangeListener {

    void onChange(Change change);

    /**
     * The feed was unreachable and has been caught up again; every missed change was delivered before this.
     * Invokers may log it; nothing needs reloading.
     */
    default void onReconnected(long lastSequence) {
    }
}
