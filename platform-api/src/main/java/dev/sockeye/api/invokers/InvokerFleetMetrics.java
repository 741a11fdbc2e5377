package dev.sockeye.api.invokers;

import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.errors.StoreException;
import dev.sockeye.store.functions.FunctionDefinition;
import dev.sockeye.store.invokers.KnownInvoker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The invokers' heartbeats as gauges of the control plane's /q/metrics, for the dashboard and the alerts: how many
 * invokers beat, how many stopped beating, and how many serve an older version or policy revision than the store.
 * Every replica reports the same fleet (the store's), so queries take {@code max} over them. Read from the store
 * at most once per heartbeat interval: the rows do not change faster. The read blocks no event loop: Quarkus serves
 * /q/metrics as a blocking route, on a worker thread.
 */
@ApplicationScoped
public class InvokerFleetMetrics {

    /** What the gauges show; NaN each while the store cannot be read. */
    record Fleet(int live, int stale, int lagging) {}

    @Inject
    PolicyStore store;

    @Inject
    MeterRegistry meters;

    @Inject
    SockeyeConfig config;

    private Fleet fleet;
    private long readAtNanos;
    private boolean readable = true;

    void register(@Observes StartupEvent started) {
        gauge("sockeye.invokers.live", "invokers whose heartbeat is fresh", Fleet::live);
        gauge("sockeye.invokers.stale", "invokers that stopped heartbeating and are not pruned yet", Fleet::stale);
        gauge(
                "sockeye.invokers.lagging",
                "live, ready invokers that serve another version or policy revision than the store for some function",
                Fleet::lagging);
    }

    private void gauge(String name, String description, ToIntFunction<Fleet> value) {
        Gauge.builder(name, this, metrics -> {
                    Fleet current = metrics.current();
                    return current == null ? Double.NaN : value.applyAsInt(current);
                })
                .description(description)
                .register(meters);
    }

    /** The fleet as last read, re-read when older than the heartbeat interval; null while the store fails. */
    synchronized Fleet current() {
        Duration maxAge = config.invoker().heartbeatInterval();
        if (fleet != null && System.nanoTime() - readAtNanos < maxAge.toNanos()) {
            return fleet;
        }
        try {
            fleet = read();
            readAtNanos = System.nanoTime();
            if (!readable) {
                Log.info("event=invoker_metrics_readable");
                readable = true;
            }
            return fleet;
        } catch (StoreException e) {
            // Logged once per outage: a scrape every few seconds must not flood the log.
            if (readable) {
                Log.warnf("event=invoker_metrics_unavailable cause=\"%s\"", e.getMessage());
                readable = false;
            }
            fleet = null;
            return null;
        }
    }

    private Fleet read() {
        List<KnownInvoker> invokers = store.invokerHeartbeats().list();
        Map<String, Integer> activeVersions = new HashMap<>();
        Map<String, Long> policyRevisions = new HashMap<>();
        for (FunctionDefinition function : store.functions().list()) {
            long revision;
            try {
                revision = store.egressPolicies().get(function.name()).revision();
            } catch (StoreException.NotFound deletedMeanwhile) {
                continue;
            }
            activeVersions.put(
                    function.name(),
                    function.activeVersion().isPresent()
                            ? function.activeVersion().getAsInt()
                            : null);
            policyRevisions.put(function.name(), revision);
        }
        int live = 0;
        int stale = 0;
        int lagging = 0;
        for (KnownInvoker invoker : invokers) {
            if (invoker.stale()) {
                stale++;
                continue;
            }
            live++;
            if (invoker.ready() && lags(invoker, activeVersions, policyRevisions)) {
                lagging++;
            }
        }
        return new Fleet(live, stale, lagging);
    }

    /** Serves something the store does not hold, or not what it holds, for some function. */
    private static boolean lags(
            KnownInvoker invoker, Map<String, Integer> activeVersions, Map<String, Long> policyRevisions) {
        for (String served : invoker.served().keySet()) {
            if (!policyRevisions.containsKey(served)) {
                return true;
            }
        }
        for (var function : policyRevisions.entrySet()) {
            if (!InvokerService.servesCurrent(
                    invoker.served().get(function.getKey()),
                    activeVersions.get(function.getKey()),
                    function.getValue())) {
                return true;
            }
        }
        return false;
    }
}
