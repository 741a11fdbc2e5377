package dev.sockeye.api.functions;

import dev.sockeye.store.audit.FunctionActivity;
import dev.sockeye.store.functions.FunctionDefinition;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A function as the API shows it, with how often it ran and how many egress attempts were denied. */
@Schema(example = """
        {"name": "hello", "description": "says hello", "activeVersion": 2, "routes": ["/hello"],
         "limits": {"timeoutMs": 10000, "memoryPages": 256, "maxConcurrency": 10, "maxSockets": 4,
                    "maxRequestBytes": 1048576, "maxResponseBytes": 1048576, "maxEgressBytes": 10485760},
         "visibility": "public", "invocations": 1520, "denials": 3,
         "createdAt": "2026-11-24T00:10:00Z", "updatedAt": "2026-11-24T00:12:00Z"}""")
public record FunctionView(
        String name,
        String description,
        Integer activeVersion,
        List<String> routes,
        LimitsBody limits,
        String visibility,
        long invocations,
        long denials,
        Instant createdAt,
        Instant updatedAt) {

    static FunctionView of(FunctionDefinition function, FunctionActivity activity) {
        return new FunctionView(
                function.name(),
                function.description(),
                function.activeVersion().isPresent() ? function.activeVersion().getAsInt() : null,
                function.routes(),
                LimitsBody.of(function.limits()),
                FunctionRequests.label(function.visibility()),
                activity.invocations(),
                activity.denials(),
                function.createdAt(),
                function.updatedAt());
    }
}
