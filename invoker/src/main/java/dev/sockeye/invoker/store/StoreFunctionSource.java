package dev.sockeye.invoker.store;

import dev.sockeye.invoker.registry.FunctionEgress;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.invoker.registry.FunctionSource;
import dev.sockeye.invoker.registry.ServedFunction;
import dev.sockeye.invoker.registry.ServedVersion;
import dev.sockeye.invoker.routes.RouteConflictException;
import dev.sockeye.sockets.egress.EgressMode;
import dev.sockeye.sockets.egress.EgressOperatorConfig;
import dev.sockeye.sockets.egress.EgressPolicy;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.changes.Change;
import dev.sockeye.store.changes.ChangeListener;
import dev.sockeye.store.changes.ChangeSubscriber;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Standalone mode's feeder of the {@link FunctionRegistry}: loads every runnable function from the policy store,
 * then follows the change feed, reloading one function per change. While Postgres is unreachable the registry
 * keeps what it has (the invoker goes on serving) and {@link #live()} is false, which /health reports; changes
 * that failed to load are retried once the store answers again.
 */
public final class StoreFunctionSource implements FunctionSource, ChangeListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StoreFunctionSource.class.getName());

    private final PolicyStore store;
    private final FunctionRegistry registry;
    private final EgressOperatorConfig operatorConfig;
    private final FileBundles bundles;
    private final Duration probeInterval;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean live;
    private volatile boolean warm;
    private volatile String detail = "starting";
    private volatile boolean closed;
    private volatile Instant downSince;
    private ChangeSubscriber subscriber;
    private Thread prober;

    private StoreFunctionSource(
            PolicyStore store,
            FunctionRegistry registry,
            EgressOperatorConfig operatorConfig,
            Path bundleRoot,
            Duration probeInterval) {
        this.store = store;
        this.registry = registry;
        this.operatorConfig = operatorConfig;
        this.bundles = new FileBundles(bundleRoot);
        this.probeInterval = probeInterval;
    }

    /**
     * Loads everything, then subscribes to the changes after that snapshot and starts probing the database every
     * {@code probeInterval} for /health.
     */
    public static StoreFunctionSource start(
            PolicyStore store,
            FunctionRegistry registry,
            EgressOperatorConfig operatorConfig,
            Path bundleRoot,
            Duration probeInterval) {
        var feed = new StoreFunctionSource(store, registry, operatorConfig, bundleRoot, probeInterval);
        long sequence = feed.reloadAll();
        feed.subscriber = store.subscribe(sequence, feed);
        feed.prober = Thread.ofVirtual().name("policy-store-probe").start(feed::probe);
        return feed;
    }

    /** Replaces the registry with the store's current functions; returns the change sequence they reflect. */
    private synchronized long reloadAll() {
        var snapshot = store.deployments().loadAll();
        var functions = new ArrayList<ServedFunction>();
        for (var stored : snapshot.functions()) {
            try {
                functions.add(toDeployed(stored));
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "event=function-skipped function={0} error=\"{1}\"",
                        stored.name(),
                        e.getMessage());
            }
        }
        deployAllSkippingConflicts(functions);
        warm = true;
        markLive("loaded " + functions.size() + " functions at change " + snapshot.changeSequence());
        return snapshot.changeSequence();
    }

    private void deployAllSkippingConflicts(java.util.List<ServedFunction> functions) {
        try {
            registry.replaceAll(functions);
        } catch (RouteConflictException e) {
            // The store validates routes per function; a conflict across functions skips the later one.
            registry.replaceAll(java.util.List.of());
            for (var function : functions) {
                deploy(function);
            }
        }
    }

    @Override
    public void onChange(Change change) {
        refresh(change.functionName());
    }

    @Override
    public void onReconnected(long lastSequence) {
        markLive("change feed caught up at " + lastSequence);
        for (String name : Set.copyOf(pending)) {
            refresh(name);
        }
    }

    @Override
    public void onResyncRequired() {
        try {
            reloadAll();
        } catch (RuntimeException e) {
            // Changes were lost and could not be reloaded: the registry no longer knows what it should serve.
            warm = false;
            markDown(e);
        }
    }

    /**
     * Reloads one function from the store now, on the caller's thread: an embedding process calls it after its own
     * write so the registry has the change before the write is answered, instead of when the change feed delivers
     * it. Reloads are serialised, so a reload that read the store before the write cannot land after one that read
     * it after; the feed's later delivery of the same change reloads the same state again.
     */
    public void reload(String functionName) {
        refresh(functionName);
    }

    private synchronized void refresh(String functionName) {
        try {
            var stored = store.deployments().load(functionName);
            if (stored.isPresent()) {
                deploy(toDeployed(stored.get()));
            } else {
                registry.remove(functionName);
            }
            pending.remove(functionName);
            markLive("last change for " + functionName + " at " + Instant.now());
        } catch (RuntimeException e) {
            pending.add(functionName);
            markDown(e);
        }
    }

    private void deploy(ServedFunction function) {
        try {
            registry.deploy(function);
        } catch (RouteConflictException e) {
            LOG.log(Level.WARNING, "event=routes-rejected function={0} error=\"{1}\"", function.name(), e.getMessage());
        }
    }

    private ServedFunction toDeployed(dev.sockeye.store.deployment.DeployedFunction stored) {
        Path bundleDir = stored.fileBundle()
                .map(archive -> bundles.unpacked(ServedVersion.sha256(archive), archive))
                .orElse(null);
        byte[] wasm = stored.wasm();
        var version = new ServedVersion(
                stored.moduleSha256(),
                () -> wasm,
                stored.args(),
                stored.env(),
                stored.secrets(),
                bundleDir,
                stored.version());
        var storedPolicy = stored.egressPolicy();
        var policy = EgressPolicy.parse(
                storedPolicy.rules(),
                storedPolicy.mode() == dev.sockeye.store.egress.PolicyMode.LEARN
                        ? EgressMode.LEARN
                        : EgressMode.ENFORCE,
                operatorConfig);
        return new ServedFunction(
                stored.name(),
                version,
                stored.routes(),
                stored.limits(),
                stored.visibility(),
                FunctionEgress.of(policy),
                false,
                storedPolicy.revision());
    }

    /** The subscriber reconnects on its own but says nothing while down: a cheap probe tells /health. */
    private void probe() {
        while (!closed) {
            try {
                Thread.sleep(probeInterval);
            } catch (InterruptedException e) {
                return;
            }
            try {
                store.checkReachable(2);
                if (!live) {
                    markLive("postgres reachable again at " + Instant.now());
                }
                // A change whose reload failed (the pool timed out as Postgres came back) while the feed stayed
                // connected gets no second delivery: the probe retries it, or it would be missed until a reconnect.
                for (String name : Set.copyOf(pending)) {
                    refresh(name);
                }
            } catch (RuntimeException e) {
                markDown(e);
            }
        }
    }

    private void markLive(String note) {
        live = true;
        downSince = null;
        detail = note;
    }

    private void markDown(Exception e) {
        if (live) {
            LOG.log(Level.WARNING, "event=policy-store-unreachable error=\"{0}\" serving=last-known", e.getMessage());
        }
        live = false;
        if (downSince == null) {
            downSince = Instant.now();
        }
        detail = "postgres unreachable since " + downSince + " (" + e.getMessage()
                + "); serving the last known functions";
    }

    @Override
    public String kind() {
        return "policy-store";
    }

    @Override
    public boolean live() {
        return live;
    }

    /** False between a full reload that failed (changes were lost) and the next one that succeeds. */
    @Override
    public boolean warm() {
        return warm;
    }

    @Override
    public String detail() {
        return detail;
    }

    @Override
    public void close() {
        closed = true;
        if (prober != null) {
            prober.interrupt();
        }
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
