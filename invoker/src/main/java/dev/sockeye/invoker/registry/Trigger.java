package dev.sockeye.invoker.registry;

import dev.sockeye.invoker.routes.RouteMatch;
import dev.sockeye.store.functions.TriggerVisibility;

/**
 * A trigger request's function, resolved once on one registry snapshot: the decoded path, the route it matched and
 * the function that route belongs to. Whoever checks the caller and whoever runs the function see the same match.
 */
public record Trigger(String path, RouteMatch match, ServedFunction function) {

    /** Whether anyone may call it; otherwise the caller must have been authenticated. */
    public boolean isPublic() {
        return function.visibility() == TriggerVisibility.PUBLIC;
    }
}
