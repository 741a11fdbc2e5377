package dev.sockeye.policy.functions;

import java.util.List;

/** What a caller provides to create a function. */
public record FunctionSpec(String name, String description, Limits limits, List<String> routes,
                           TriggerVisibility visibility) {

    public FunctionSpec {
        FunctionNames.requireValid(name);
        description = description == null ? "" : description;
        routes = Routes.requireValid(routes);
    }
}
