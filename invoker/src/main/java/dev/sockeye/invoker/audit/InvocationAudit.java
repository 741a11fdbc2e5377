package dev.sockeye.invoker.audit;

import dev.sockeye.sockets.egress.EgressDecision;

/**
 * Where invocations, their log lines and their egress decisions are recorded. Called on guest threads, so
 * implementations must be thread-safe and quick (buffer and write asynchronously). The Postgres sink comes with
 * the policy store; {@link InMemoryInvocationAudit} serves tests and standalone mode without a database.
 */
public interface InvocationAudit {

    void invocation(InvocationRecord record);

    /** One line the guest wrote to stderr. */
    void logLine(String invocationId, String function, String line);

    /** One decision of the function's egress guard (allowed, denied, or would-deny in learn mode). */
    void egressDecision(String invocationId, String function, EgressDecision decision);
}
