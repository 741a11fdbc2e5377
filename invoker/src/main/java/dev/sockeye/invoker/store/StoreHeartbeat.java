package dev.sockeye.invoker.store;

import dev.sockeye.invoker.Invoker;
import dev.sockeye.invoker.InvokerConfig.HeartbeatSettings;
import dev.sockeye.invoker.registry.ServedFunction;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.invokers.Heartbeat;
import dev.sockeye.store.invokers.ServedRevision;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.HashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Writes this invoker's heartbeat row every interval, and at once after each registry change (so a deploy's wait
 * sees the new version within milliseconds, not an interval later): its id, start, readiness and, per function,
 * the version and policy revision its registry holds. A beat that fails (Postgres down) is logged once per outage
 * and retried at the next interval. {@link #close()} removes the row: a stopped invoker serves nothing.
 */
public final class StoreHeartbeat implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StoreHeartbeat.class.getName());

    private final PolicyStore store;
    private final Invoker invoker;
    private final HeartbeatSettings settings;
    private final Instant startedAt;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean closed;
    private boolean failing;
    private Thread beater;

    private StoreHeartbeat(PolicyStore store, Invoker invoker, HeartbeatSettings settings) {
        this.store = store;
        this.invoker = invoker;
        this.settings = settings;
        this.startedAt = ProcessHandle.current().info().startInstant().orElseGet(Instant::now);
    }

    /** Beats once now (so the invoker is listed from its start), then every interval and on registry changes. */
    public static StoreHeartbeat start(PolicyStore store, Invoker invoker, HeartbeatSettings settings) {
        var heartbeat = new StoreHeartbeat(store, invoker, settings);
        invoker.registry().onChange(heartbeat::beatSoon);
        heartbeat.beater = Thread.ofVirtual().name("invoker-heartbeat").start(heartbeat::run);
        return heartbeat;
    }

    /** The id this invoker reports under. */
    public String invokerId() {
        return settings.invokerId();
    }

    /** Asks for a beat now, e.g. after a change of readiness; returns at once. */
    public void beatSoon() {
        wake.release();
    }

    private void run() {
        while (!closed) {
            beatOnce();
            try {
                wake.tryAcquire(settings.interval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void beatOnce() {
        var served = new HashMap<String, ServedRevision>();
        for (ServedFunction function : invoker.registry().snapshot().functions().values()) {
            served.put(function.name(), new ServedRevision(function.version().number(), function.policyRevision()));
        }
        try {
            store.invokerHeartbeats()
                    .beat(
                            new Heartbeat(
                                    settings.invokerId(),
                                    startedAt,
                                    invoker.ready(),
                                    invoker.status(),
                                    settings.staleAfter(),
                                    served),
                            settings.pruneAfter());
            if (failing) {
                LOG.log(Level.INFO, "event=heartbeat-restored invoker={0}", settings.invokerId());
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.log(
                        Level.WARNING,
                        "event=heartbeat-failed invoker={0} error=\"{1}\"",
                        settings.invokerId(),
                        e.getMessage());
            }
            failing = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (beater != null) {
            // Woken, not interrupted: an interrupt in the middle of a JDBC call can break the pooled connection.
            wake.release();
            try {
                beater.join(settings.interval().plusSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            store.invokerHeartbeats().remove(settings.invokerId());
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "event=heartbeat-not-removed invoker={0} error=\"{1}\"",
                    settings.invokerId(),
                    e.getMessage());
        }
    }
}
