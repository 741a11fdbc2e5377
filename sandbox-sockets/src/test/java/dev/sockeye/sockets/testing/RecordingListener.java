package dev.sockeye.sockets.testing;

import dev.sockeye.sockets.egress.EgressDecision;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.egress.EgressRequest.Kind;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every decision the guard reports. */
public final class RecordingListener implements EgressListener {
    private final List<EgressDecision> decisions = new CopyOnWriteArrayList<>();

    @Override
    public void onDecision(EgressDecision decision) {
        decisions.add(decision);
    }

    public List<EgressDecision> decisions() {
        return decisions;
    }

    /** The last decision about a request of {@code kind} (the last TLS handshake, say); fails the test if none. */
    public EgressDecision last(Kind kind) {
        return decisions.stream()
                .filter(decision -> decision.request().kind() == kind)
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no " + kind + " decision in " + decisions));
    }
}
