package dev.sockeye.api.functions;

import dev.sockeye.policy.audit.FunctionActivity;
import dev.sockeye.policy.functions.FunctionDefinition;

import java.time.Instant;
import java.util.List;

/** A function as the API shows it, with how often it ran and how many egress attempts were denied. */
public record FunctionView(String name, String description, Integer activeVersion, List<String> routes,
                           LimitsBody limits, String visibility, long invocations, long denials, Instant createdAt,
                           Instant updatedAt) {

    static FunctionView of(FunctionDefinition function, FunctionActivity activity) {
        return new FunctionView(function.name(), function.description(),
                function.activeVersion().isPresent() ? function.activeVersion().getAsInt() : null, function.routes(),
                LimitsBody.of(function.limits()), FunctionRequests.label(function.visibility()),
                activity.invocations(), activity.denials(), function.createdAt(), function.updatedAt());
    }
}
