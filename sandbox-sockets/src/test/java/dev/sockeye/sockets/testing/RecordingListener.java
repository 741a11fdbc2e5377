package dev.sockeye.sockets.testing;

import dev.sockeye.sockets.egress.EgressDecision;
import dev.sockeye.sockets.egress.EgressListener;
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
}
