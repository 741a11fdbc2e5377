package dev.sockeye.store.functions;

import dev.sockeye.store.errors.StoreException;
import java.util.List;

/** What a caller provides to create a function. */
public record FunctionSpec(
        String name, String description, FunctionLimits limits, List<String> routes, TriggerVisibility visibility) {

    public FunctionSpec {
        FunctionNames.requireValid(name);
        if (limits == null || visibility == null) {
            throw new StoreException.Invalid("function '" + name + "' needs limits and a trigger visibility");
        }
        description = description == null ? "" : description;
        routes = Routes.requireValid(routes == null ? List.of() : routes);
    }
}
