package dev.sockeye.sockets.egress;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Allows every address use but the operator's deny list (the cloud metadata addresses), which beats every rule;
 * still reports each use so that a local run can show what the guest did.
 */
final class AllowAllGuard implements EgressGuard {
    private final EgressListener listener;
    private final EgressOperatorConfig operator;

    AllowAllGuard(EgressListener listener, EgressOperatorConfig operator) {
        this.listener = listener;
        this.operator = operator;
    }

    @Override
    public EgressDecision check(EgressRequest request) {
        String refusal = request.address() == null ? null : refusal(request.address());
        var decision = refusal == null
                ? EgressDecision.allowed(request, null, "allow-all")
                : EgressDecision.denied(request, refusal);
        listener.onDecision(decision);
        return decision;
    }

    @Override
    public EgressDecision checkTls(EgressRequest request, TlsHandshake handshake) {
        var decision = handshake.verified()
                ? EgressDecision.allowed(request, null, "allow-all, host TLS " + handshake.describe())
                : EgressDecision.denied(request, "host TLS " + handshake.describe());
        listener.onDecision(decision);
        return decision;
    }

    @Override
    public List<InetAddress> admitResolved(String hostName, List<InetAddress> resolved) {
        var admitted = new ArrayList<InetAddress>(resolved.size());
        for (InetAddress address : resolved) {
            String refusal = refusal(address);
            if (refusal == null) {
                admitted.add(address);
            } else {
                listener.onDecision(EgressDecision.denied(
                        new EgressRequest(EgressRequest.Kind.LOOKUP, Transport.TCP, hostName, address, 0), refusal));
            }
        }
        return List.copyOf(admitted);
    }

    private String refusal(InetAddress address) {
        IpBlock entry = operator.denyEntryFor(Ip.of(address).reached());
        return entry == null ? null : "operator deny list " + entry + " (allow-all does not lift it)";
    }
}
