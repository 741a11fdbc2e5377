package dev.sockeye.sockets.egress;

import java.net.InetAddress;
import java.util.List;

/** Denies every lookup and address use: a guest without an egress policy reaches nothing. */
final class DenyAllGuard implements EgressGuard {
    private final EgressListener listener;

    DenyAllGuard(EgressListener listener) {
        this.listener = listener;
    }

    @Override
    public EgressDecision check(EgressRequest request) {
        var decision = EgressDecision.denied(request, "no egress rule allows it (deny-all)");
        listener.onDecision(decision);
        return decision;
    }

    @Override
    public EgressDecision checkTls(EgressRequest request, TlsHandshake handshake) {
        return check(request);
    }

    @Override
    public List<InetAddress> admitResolved(String hostName, List<InetAddress> resolved) {
        return List.of();
    }
}
