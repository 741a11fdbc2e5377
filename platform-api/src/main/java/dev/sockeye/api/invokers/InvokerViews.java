package dev.sockeye.api.invokers;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the invoker endpoints answer. */
public final class InvokerViews {

    private InvokerViews() {}

    /** What one invoker serves for one function. */
    @Schema(name = "ServedRevision")
    public record Served(int version, long policyRevision) {}

    /** One invoker as its last heartbeat reported it. */
    @Schema(name = "Invoker", example = """
            {"id": "sockeye-invoker-7d9f-1", "startedAt": "2026-12-03T10:00:00Z",
             "lastSeen": "2026-12-03T10:05:00Z", "ready": true, "status": "UP", "stale": false,
             "functions": {"hello": {"version": 3, "policyRevision": 7}}}""")
    public record Invoker(
            String id,
            Instant startedAt,
            Instant lastSeen,
            boolean ready,
            String status,
            boolean stale,
            Map<String, Served> functions) {}

    /** One invoker's state for one function: {@code version} and {@code policyRevision} null if it serves none. */
    @Schema(name = "FunctionInvoker")
    public record FunctionInvoker(
            String id,
            Instant lastSeen,
            boolean ready,
            String status,
            boolean stale,
            Integer version,
            Long policyRevision,
            boolean current) {}

    /**
     * Which version and policy revision each invoker serves for a function, next to the store's. {@code lagging}:
     * the live (not stale) ready invokers that do not serve the active version and policy revision yet.
     */
    @Schema(name = "FunctionInvokers", example = """
            {"function": "hello", "activeVersion": 3, "policyRevision": 7, "allCurrent": false,
             "lagging": ["inv-b"], "invokers": [
               {"id": "inv-a", "lastSeen": "2026-12-03T10:05:00Z", "ready": true, "status": "UP", "stale": false,
                "version": 3, "policyRevision": 7, "current": true},
               {"id": "inv-b", "lastSeen": "2026-12-03T10:05:01Z", "ready": true, "status": "UP", "stale": false,
                "version": 2, "policyRevision": 7, "current": false}]}""")
    public record FunctionInvokers(
            String function,
            Integer activeVersion,
            long policyRevision,
            boolean allCurrent,
            List<String> lagging,
            List<FunctionInvoker> invokers) {}
}
