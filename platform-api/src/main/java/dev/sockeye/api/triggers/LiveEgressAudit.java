package dev.sockeye.api.triggers;

import dev.sockeye.api.observability.EgressEventHub;
import dev.sockeye.api.observability.LiveEgressEvent;
import dev.sockeye.invoker.audit.InvocationAudit;
import dev.sockeye.invoker.audit.InvocationRecord;
import dev.sockeye.sockets.egress.EgressDecision;
import dev.sockeye.sockets.egress.EgressRequest;
import java.time.Instant;
import java.util.Locale;

/** The invoker's audit into the store, with every egress decision also published to the live stream. */
final class LiveEgressAudit implements InvocationAudit {

    private final InvocationAudit store;
    private final EgressEventHub hub;

    LiveEgressAudit(InvocationAudit store, EgressEventHub hub) {
        this.store = store;
        this.hub = hub;
    }

    @Override
    public void invocation(InvocationRecord record) {
        store.invocation(record);
    }

    @Override
    public void logLine(String invocationId, String function, String line) {
        store.logLine(invocationId, function, line);
    }

    @Override
    public void egressDecision(String invocationId, String function, EgressDecision decision) {
        store.egressDecision(invocationId, function, decision);
        hub.publish(new LiveEgressEvent(
                function,
                Instant.now(),
                decision.verdict().name().toLowerCase(Locale.ROOT),
                decision.request().kind().name().toLowerCase(Locale.ROOT),
                destination(decision.request()),
                decision.rule(),
                decision.reason()));
    }

    /** {@code tcp://10.0.0.5:22}, {@code udp://[::1]:53}, or {@code dns:name} for a lookup, as the audit writes it. */
    static String destination(EgressRequest request) {
        if (request.kind() == EgressRequest.Kind.LOOKUP || request.address() == null) {
            return "dns:" + request.hostName();
        }
        String host = request.address().getHostAddress();
        return request.transport().label() + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":"
                + request.port();
    }
}
