package dev.sockeye.sockets.policy;

import java.util.Objects;

/**
 * The guard's answer to one {@link EgressRequest}.
 *
 * @param request what the guest asked for
 * @param verdict allowed, denied, or (in learn mode) allowed although the policy would deny it
 * @param rule the text of the rule that allowed it, or null
 * @param reason why it was denied (or would be), or a short note on what allowed it; never null
 * @param pinnedName for an address use allowed through an earlier lookup, the name the address was pinned for
 */
public record EgressDecision(EgressRequest request, Verdict verdict, String rule, String reason, String pinnedName) {

    /** The outcome of a decision. */
    public enum Verdict {
        ALLOWED,
        DENIED,
        /** Learn mode: the guest may proceed, but enforce mode would have denied it. */
        WOULD_DENY
    }

    public EgressDecision {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
    }

    public static EgressDecision allowed(EgressRequest request, String rule, String reason) {
        return new EgressDecision(request, Verdict.ALLOWED, rule, reason, null);
    }

    public static EgressDecision denied(EgressRequest request, String reason) {
        return new EgressDecision(request, Verdict.DENIED, null, reason, null);
    }

    /** Whether the guest may go ahead (allowed, or only reported in learn mode). */
    public boolean permitsGuest() {
        return verdict != Verdict.DENIED;
    }
}
