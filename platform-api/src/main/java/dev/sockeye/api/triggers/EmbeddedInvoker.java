package dev.sockeye.api.triggers;

import dev.sockeye.api.auth.RouteTokenCheck;
import dev.sockeye.api.config.DerivedQuarkusConfig;
import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.api.observability.EgressEventHub;
import dev.sockeye.invoker.Invoker;
import dev.sockeye.invoker.InvokerConfig;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.invoker.registry.ServedFunction;
import dev.sockeye.invoker.registry.ServedVersion;
import dev.sockeye.invoker.registry.Trigger;
import dev.sockeye.invoker.store.StoreFunctionSource;
import dev.sockeye.invoker.store.StoreHeartbeat;
import dev.sockeye.invoker.store.StoreInvocationAudit;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.egress.EgressOperatorConfig;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.config.StoreConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * Single-node mode: the invoker runs inside this process, on Quarkus' Vert.x and HTTP port. Its registry follows
 * the policy store (loaded at start, then the change feed), its audit goes to the store's audit writer and to the
 * live egress stream. Requests for {@code /fn/<function>/...} and for functions' own routes go to it ({@code /api}
 * and {@code /q} never do); a private trigger first needs a valid API token. With
 * {@code sockeye.invoker.embedded=false} none of this starts: standalone invokers serve the triggers.
 *
 * <p>SIGTERM drains as the standalone invoker does ({@link Invoker#drain}): Quarkus' graceful shutdown answers new
 * requests 503 and waits for those in flight, trigger runs still going after {@code sockeye.invoker.drain-seconds}
 * are interrupted and answered 503, then the process exits 0 ({@code SigtermShutdown}).
 */
@ApplicationScoped
public class EmbeddedInvoker {

    private static final Duration STORE_PROBE_INTERVAL = Duration.ofSeconds(5);
    private static final long COMPILED_MODULE_BYTES = 256L << 20;
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(DerivedQuarkusConfig.INTERRUPT_GRACE_SECONDS);

    @Inject
    PolicyStore store;

    @Inject
    Vertx vertx;

    @Inject
    Sandbox sandbox;

    @Inject
    MeterRegistry meters;

    @Inject
    EgressEventHub hub;

    @Inject
    RouteTokenCheck tokenCheck;

    @Inject
    SockeyeConfig config;

    private volatile Invoker invoker;
    private volatile StoreFunctionSource feed;
    private volatile StoreHeartbeat heartbeat;
    private final java.util.concurrent.atomic.AtomicReference<Thread> drain =
            new java.util.concurrent.atomic.AtomicReference<>();

    void start(@Observes StartupEvent started) {
        if (!config.invoker().embedded()) {
            Log.info("event=invoker_not_embedded triggers=standalone-invokers");
            return;
        }
        FunctionRegistry functions = new FunctionRegistry();
        var audit = new LiveEgressAudit(
                new StoreInvocationAudit(
                                store.auditWriter(),
                                StoreConfig.Audit.defaults().stderrTailBytes())
                        .bindTo(meters),
                hub);
        var egressOperator = EgressOperatorConfig.defaults()
                .withSpecialRangesForNames(config.egress().allowSpecialRangesForNames());
        feed = StoreFunctionSource.start(
                store, functions, egressOperator, config.home().resolve("bundles"), STORE_PROBE_INTERVAL);
        var heartbeatSettings = InvokerConfig.HeartbeatSettings.defaults()
                .withInterval(config.invoker().heartbeatInterval());
        heartbeatSettings =
                config.invoker().id().map(heartbeatSettings::withInvokerId).orElse(heartbeatSettings);
        InvokerConfig invokerConfig = InvokerConfig.builder()
                .heartbeat(heartbeatSettings)
                .egressOperator(egressOperator)
                .metricsPath(null)
                .compileCacheDir(config.home().resolve("compile-cache"))
                .moduleCacheBytes(COMPILED_MODULE_BYTES)
                .build();
        invoker = Invoker.builder(invokerConfig, functions)
                .vertx(vertx)
                .sandbox(sandbox)
                .meters(meters)
                .audit(audit)
                .source(feed)
                .build();
        heartbeat = StoreHeartbeat.start(store, invoker, invokerConfig.heartbeat());
        Log.infof(
                "event=invoker_embedded functions=%d invoker=%s",
                functions.names().size(), heartbeat.invokerId());
    }

    /** Compiles (or, if large, first interprets) a validated module in the background, ahead of its first request. */
    public void prepare(byte[] wasm) {
        Invoker running = invoker;
        if (running == null) {
            return;
        }
        Thread.ofVirtual().name("compile-ahead").start(() -> {
            try {
                running.modules().get(ServedVersion.of(wasm));
            } catch (RuntimeException e) {
                Log.warnf("event=compile_ahead_failed error=\"%s\"", e.getMessage());
            }
        });
    }

    /**
     * How many functions of a module run interpreted once this process compiled it (too big for one JVM method);
     * empty before that, and always when the triggers are not embedded.
     */
    public OptionalInt interpretedFunctions(String moduleSha256) {
        Invoker running = invoker;
        return running == null ? OptionalInt.empty() : running.modules().interpretedFunctions(moduleSha256);
    }

    /**
     * Brings the trigger up to date with a write to {@code function} this process has just committed, before the
     * write is answered: what the API says is active is what the next request runs (no 404 or old version while the
     * change feed catches up). Other processes still follow the feed.
     */
    public void follow(String function) {
        StoreFunctionSource source = feed;
        if (source != null) {
            source.reload(function);
        }
    }

    /** The version this process's trigger serves for {@code function}, empty while it serves none (yet). */
    public OptionalInt servedVersion(String function) {
        Invoker running = invoker;
        ServedFunction served =
                running == null ? null : running.registry().snapshot().function(function);
        return served == null
                ? OptionalInt.empty()
                : OptionalInt.of(served.version().number());
    }

    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::dispatch);
    }

    private void dispatch(RoutingContext context) {
        String path = context.normalizedPath();
        Invoker running = invoker;
        if (running == null || reserved(path)) {
            context.next();
            return;
        }
        Trigger trigger = running.resolve(context.request()).orElse(null);
        if (trigger == null) {
            context.next();
            return;
        }
        if (trigger.isPublic()) {
            running.serve(context.request(), trigger);
            return;
        }
        // Private: a valid token first; the request stays paused (the invoker resumes it when the guest reads).
        tokenCheck.require(context, caller -> running.serve(context.request(), trigger));
    }

    /** Paths of the platform itself (API, management, console and its assets), which no function route shadows. */
    private static boolean reserved(String path) {
        for (String prefix : List.of("/q", "/api", "/console", "/webjars")) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts the drain once, on a thread of its own (Quarkus' shutdown runs beside it and waits for the same
     * requests); a no-op without an invoker. SIGTERM starts it ({@code SigtermShutdown}), the shutdown waits for it.
     */
    public void startDrain() {
        Invoker running = invoker;
        if (running == null) {
            return;
        }
        var thread = Thread.ofPlatform().name("trigger-drain").unstarted(() -> {
            try {
                running.drain(Duration.ofSeconds(config.invoker().drainSeconds()), INTERRUPT_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                Log.warnf("event=drain_failed error=\"%s\"", e.getMessage());
            }
        });
        if (drain.compareAndSet(null, thread)) {
            thread.start();
        }
    }

    /** Drains the triggers (after SIGTERM: waits for that drain) before closing them. */
    void stop(@Observes ShutdownEvent stopping) {
        startDrain();
        Thread draining = drain.get();
        if (draining != null) {
            try {
                draining.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (heartbeat != null) {
            heartbeat.close();
        }
        if (feed != null) {
            feed.close();
        }
        if (invoker != null) {
            invoker.close();
        }
    }
}
