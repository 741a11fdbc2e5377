package dev.sockeye.invoker.registry;

import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.egress.EgressPolicy;
import dev.sockeye.sockets.egress.RuleGuard;

/**
 * Makes the guard of one run from a function revision's egress policy and mode. A guard belongs to one instance
 * (it pins what that instance resolved), so every run gets a fresh one.
 */
@FunctionalInterface
public interface EgressGuardFactory {

    /** A fresh guard for one run, reporting every decision to {@code listener}. */
    EgressGuard newGuard(EgressListener listener);

    /** Guards enforcing (or, in learn mode, reporting) the rules of {@code policy}. */
    static EgressGuardFactory of(EgressPolicy policy) {
        return listener -> RuleGuard.of(policy, listener);
    }

    /** For tests and local runs: every address use is allowed (and still reported). */
    EgressGuardFactory ALLOW_ALL = EgressGuard::allowAll;
    /** Nothing reaches the network: a function without a policy. */
    EgressGuardFactory DENY_ALL = EgressGuard::denyAll;
}
