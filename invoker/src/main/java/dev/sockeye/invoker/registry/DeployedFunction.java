package dev.sockeye.invoker.registry;

import java.util.List;
import java.util.Objects;

/**
 * A function as the invoker serves it.
 *
 * @param name the function's name: argv[0], metrics label, default route {@code /fn/<name>/...}
 * @param version the active version
 * @param routes custom routes (exact, {@code /prefix/...} or {@code /with/:param}); the default route is always added
 * @param limits per-function limits; unset fields take the platform defaults
 * @param visibility who may trigger it
 * @param egress makes the guards of its current revision's egress policy and mode
 * @param passCredentialHeaders whether Authorization and Cookie reach the guest as HTTP_ variables
 */
public record DeployedFunction(
        String name,
        FunctionVersion version,
        List<String> routes,
        FunctionLimits limits,
        TriggerVisibility visibility,
        EgressGuardFactory egress,
        boolean passCredentialHeaders) {

    public DeployedFunction {
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

    /** A public function with default routes and limits, denying all egress. */
    public static DeployedFunction of(String name, FunctionVersion version) {
        return new DeployedFunction(
                name,
                version,
                List.of(),
                FunctionLimits.PLATFORM_DEFAULTS,
                TriggerVisibility.PUBLIC,
                EgressGuardFactory.DENY_ALL,
                false);
    }

    public DeployedFunction withRoutes(List<String> value) {
        return new DeployedFunction(name, version, value, limits, visibility, egress, passCredentialHeaders);
    }

    public DeployedFunction withLimits(FunctionLimits value) {
        return new DeployedFunction(name, version, routes, value, visibility, egress, passCredentialHeaders);
    }

    public DeployedFunction withEgress(EgressGuardFactory value) {
        return new DeployedFunction(name, version, routes, limits, visibility, value, passCredentialHeaders);
    }

    public DeployedFunction withVersion(FunctionVersion value) {
        return new DeployedFunction(name, value, routes, limits, visibility, egress, passCredentialHeaders);
    }

    public DeployedFunction withCredentialHeaders(boolean value) {
        return new DeployedFunction(name, version, routes, limits, visibility, egress, value);
    }
}
