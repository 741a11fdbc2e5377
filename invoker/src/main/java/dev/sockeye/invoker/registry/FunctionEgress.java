package dev.sockeye.invoker.registry;

import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.egress.EgressPolicy;
import dev.sockeye.sockets.egress.RuleGuard;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a function may reach: the rules of its egress policy (in its mode), or, for tests and local debugging only,
 * everything. A guard belongs to one run (it pins what that instance resolved), so every run gets a fresh one.
 */
public sealed interface FunctionEgress {

    /**
     * A fresh guard for one run, reporting every decision to {@code listener} and judging each one by
     * {@code current}: the function's egress at that moment ({@link #DENY_ALL} once the function is deleted or
     * disabled), so a policy change reaches guests already running, not only the next ones.
     */
    EgressGuard newGuard(EgressListener listener, Supplier<FunctionEgress> current);

    /** Enforcing (or, in learn mode, reporting) the rules of {@code policy}. */
    static FunctionEgress of(EgressPolicy policy) {
        return new Rules(policy);
    }

    /** Nothing reaches the network: a function without a policy, or one that is gone. */
    FunctionEgress DENY_ALL = new Rules(EgressPolicy.denyAll());

    /** For tests and local runs: every address use is allowed (and still reported), for the whole run. */
    FunctionEgress ALLOW_ALL = new AllowAll();

    /** A policy's rules. A run that started with rules keeps its first rules if its function turns allow-all. */
    record Rules(EgressPolicy policy) implements FunctionEgress {
        public Rules {
            Objects.requireNonNull(policy, "policy");
        }

        @Override
        public EgressGuard newGuard(EgressListener listener, Supplier<FunctionEgress> current) {
            return new RuleGuard(() -> current.get() instanceof Rules now ? now.policy : policy, listener);
        }
    }

    /** Everything allowed except the operator's deny list; does not follow later changes (local debugging only). */
    record AllowAll() implements FunctionEgress {
        @Override
        public EgressGuard newGuard(EgressListener listener, Supplier<FunctionEgress> current) {
            return EgressGuard.allowAll(listener);
        }
    }
}
