package dev.sockeye.sockets.egress;

/**
 * Receives every decision the guard makes, allowed and denied, for audit, metrics and learn mode.
 * Called on the guest's thread; implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface EgressListener {

    void onDecision(EgressDecision decision);

    /** A listener that drops every decision. */
    static EgressListener none() {
        return decision -> {};
    }
}
