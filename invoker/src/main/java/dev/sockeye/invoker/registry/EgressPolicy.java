package dev.sockeye.invoker.registry;

import dev.sockeye.sockets.policy.EgressGuard;
import dev.sockeye.sockets.policy.EgressListener;

/**
 * The egress policy and mode of a function's current revision, as something that makes one guard per run (a guard
 * belongs to one instance: it pins what that instance resolved). The rule language (branch {@code egress}) will
 * supply guards built from rules + mode; until then functions use {@link #ALLOW_ALL} or {@link #DENY_ALL}.
 */
@FunctionalInterface
public interface EgressPolicy {

    /** A fresh guard for one run, reporting every decision to {@code listener}. */
    EgressGuard newGuard(EgressListener listener);

    EgressPolicy ALLOW_ALL = EgressGuard::allowAll;
    EgressPolicy DENY_ALL = EgressGuard::denyAll;
}
