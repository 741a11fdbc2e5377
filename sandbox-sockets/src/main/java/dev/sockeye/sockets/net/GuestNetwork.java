package dev.sockeye.sockets.net;

import dev.sockeye.sockets.SandboxLimits;
import dev.sockeye.sockets.dns.NameResolver;
import dev.sockeye.sockets.policy.EgressGuard;
import io.vertx.core.Vertx;

/** One guest instance's link to the network: its event-loop context, resolver, guard and socket limits. */
public final class GuestNetwork {
    private final Vertx vertx;
    private final NameResolver resolver;
    private final EgressGuard guard;
    private final SandboxLimits limits;

    public GuestNetwork(Vertx vertx, NameResolver resolver, EgressGuard guard, SandboxLimits limits) {
        this.vertx = vertx;
        this.resolver = resolver;
        this.guard = guard;
        this.limits = limits;
    }

    /** Releases everything the instance's sockets still hold. */
    public void close() {}
}
