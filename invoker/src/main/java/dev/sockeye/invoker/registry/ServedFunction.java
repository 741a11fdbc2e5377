package dev.sockeye.invoker.registry;

import dev.sockeye.sockets.limits.SandboxLimits;
import dev.sockeye.store.functions.FunctionLimits;
import dev.sockeye.store.functions.TriggerVisibility;
import java.util.List;
import java.util.Objects;

/**
 * A function as the invoker serves it.
 *
 * @param name the function's name: argv[0], metrics label, default route {@code /fn/<name>/...}
 * @param version the active version
 * @param routes custom routes (exact, {@code /prefix/...} or {@code /with/:param}); the default route is always added
 * @param limits what one run may use
 * @param visibility who may trigger it
 * @param egress makes the guards of its current revision's egress policy and mode
 * @param passCredentialHeaders whether Authorization and Cookie reach the guest as HTTP_ variables
 * @param policyRevision the policy store's revision of the egress policy {@code egress} enforces (0 when not
 *     stored); what the invoker's heartbeat reports
 */
public record ServedFunction(
        String name,
        ServedVersion version,
        List<String> routes,
        FunctionLimits limits,
        TriggerVisibility visibility,
        FunctionEgress egress,
        boolean passCredentialHeaders,
        long policyRevision) {

    public ServedFunction {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
            throw new IllegalArgumentException("function name must be [a-z0-9][a-z0-9_-]{0,62}: " + name);
        }
        Objects.requireNonNull(version, "version");
        routes = List.copyOf(routes);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(egress, "egress");
    }

    /** A public function with default routes and limits ({@link FunctionLimits#DEFAULTS}), denying all egress. */
    public static ServedFunction of(String name, ServedVersion version) {
        return new ServedFunction(
                name,
                version,
                List.of(),
                FunctionLimits.DEFAULTS,
                TriggerVisibility.PUBLIC,
                FunctionEgress.DENY_ALL,
                false,
                0);
    }

    /**
     * The sandbox limits of one run: {@code base} (the invoker's engine-wide limits) with this function's memory,
     * socket count and egress bytes.
     */
    public SandboxLimits sandboxLimits(SandboxLimits base) {
        return base.withMaxMemoryPages(limits.memoryPages())
                .withMaxOpenSockets(limits.maxSockets())
                .withByteLimits(limits.maxEgressBytes(), limits.maxEgressBytes());
    }

    public ServedFunction withRoutes(List<String> value) {
        return new ServedFunction(
                name, version, value, limits, visibility, egress, passCredentialHeaders, policyRevision);
    }

    public ServedFunction withLimits(FunctionLimits value) {
        return new ServedFunction(
                name, version, routes, value, visibility, egress, passCredentialHeaders, policyRevision);
    }

    public ServedFunction withEgress(FunctionEgress value) {
        return new ServedFunction(
                name, version, routes, limits, visibility, value, passCredentialHeaders, policyRevision);
    }

    public ServedFunction withVersion(ServedVersion value) {
        return new ServedFunction(
                name, value, routes, limits, visibility, egress, passCredentialHeaders, policyRevision);
    }

    public ServedFunction withCredentialHeaders(boolean value) {
        return new ServedFunction(name, version, routes, limits, visibility, egress, value, policyRevision);
    }
}
