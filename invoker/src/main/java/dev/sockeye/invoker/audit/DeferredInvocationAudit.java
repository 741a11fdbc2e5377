package dev.sockeye.invoker.audit;

import dev.sockeye.sockets.egress.EgressDecision;

/**
 * An audit whose sink arrives later (the policy store's, once an invoker that started while Postgres was
 * unreachable reaches it); until then records go to the sink it was made with.
 */
public final class DeferredInvocationAudit implements InvocationAudit {

    private volatile InvocationAudit sink;

    public DeferredInvocationAudit(InvocationAudit untilAttached) {
        this.sink = untilAttached;
    }

    public void attach(InvocationAudit attached) {
        sink = attached;
    }

    @Override
    public void invocation(InvocationRecord record) {
        sink.invocation(record);
    }

    @Override
    public void logLine(String invocationId, String function, String line) {
        sink.logLine(invocationId, function, line);
    }

    @Override
    public void egressDecision(String invocationId, String function, EgressDecision decision) {
        sink.egressDecision(invocationId, function, decision);
    }
}
