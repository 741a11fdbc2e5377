package dev.sockeye.invoker.standalone;

import dev.sockeye.invoker.Invoker;
import dev.sockeye.invoker.InvokerConfig;
import dev.sockeye.invoker.LogText;
import dev.sockeye.invoker.audit.DeferredInvocationAudit;
import dev.sockeye.invoker.audit.InMemoryInvocationAudit;
import dev.sockeye.invoker.audit.InvocationAudit;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.invoker.registry.FunctionSource;
import dev.sockeye.invoker.store.DeferredFunctionSource;
import dev.sockeye.invoker.store.StoreFunctionSource;
import dev.sockeye.invoker.store.StoreHeartbeat;
import dev.sockeye.invoker.store.StoreInvocationAudit;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.config.StoreConfig;
import dev.sockeye.store.database.SchemaMismatchException;
import dev.sockeye.store.errors.StoreException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The standalone invoker's way to the policy store. Reachable at start: every function is loaded before the
 * invoker listens, as always. Unreachable: the invoker starts anyway, not ready (its source neither live nor warm,
 * so routes are answered 503 with Retry-After and /health stays 200), and this retries in the background until
 * Postgres answers, then follows the change feed, writes the audit to the store and heartbeats. A database without
 * the schema this build expects is not retried: one line, exit code 1, at start as later.
 */
final class StoreConnector implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StoreConnector.class.getName());
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(2);
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);
    private static final int AUDIT_BEFORE_THE_STORE = 10_000;

    private final StoreConfig storeConfig;
    private final FunctionRegistry registry;
    private final InvokerConfig config;
    private final MeterRegistry meters;
    private final DeferredFunctionSource source = new DeferredFunctionSource();
    private final DeferredInvocationAudit audit =
            new DeferredInvocationAudit(new InMemoryInvocationAudit(AUDIT_BEFORE_THE_STORE));
    private volatile PolicyStore store;
    private volatile StoreFunctionSource feed;
    private volatile StoreHeartbeat heartbeat;
    private volatile Thread retrying;
    private volatile boolean closed;
    private String lastFailure;

    StoreConnector(StoreConfig storeConfig, FunctionRegistry registry, InvokerConfig config, MeterRegistry meters) {
        this.storeConfig = storeConfig;
        this.registry = registry;
        this.config = config;
        this.meters = meters;
    }

    FunctionSource source() {
        return source;
    }

    InvocationAudit audit() {
        return audit;
    }

    /**
     * One attempt: true once the store is open and every function loaded.
     *
     * @throws SchemaMismatchException when Postgres answers without the schema this build expects
     */
    synchronized boolean connect() {
        PolicyStore opened;
        try {
            opened = PolicyStore.openForInvoker(storeConfig);
        } catch (SchemaMismatchException | StoreException.Invalid e) {
            throw e;
        } catch (RuntimeException e) {
            unreachable(e);
            return false;
        }
        StoreFunctionSource followed;
        try {
            followed = StoreFunctionSource.start(
                    opened,
                    registry,
                    config.egressOperator(),
                    Path.of(System.getProperty("java.io.tmpdir"), "sockeye-bundles"),
                    PROBE_INTERVAL);
        } catch (RuntimeException e) {
            opened.close();
            unreachable(e);
            return false;
        }
        store = opened;
        feed = followed;
        audit.attach(new StoreInvocationAudit(
                        opened.auditWriter(), storeConfig.audit().stderrTailBytes())
                .bindTo(meters));
        source.attach(followed);
        return true;
    }

    /**
     * With the invoker listening: heartbeats at once when connected, else retries every {@link #RETRY_INTERVAL} in
     * the background and heartbeats once connected.
     */
    void follow(Invoker invoker) {
        if (store != null) {
            heartbeat = StoreHeartbeat.start(store, invoker, config.heartbeat());
            return;
        }
        retrying = Thread.ofPlatform().daemon().name("policy-store-connect").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(RETRY_INTERVAL);
                    if (!closed && connect()) {
                        heartbeat = StoreHeartbeat.start(store, invoker, config.heartbeat());
                        LOG.log(
                                System.Logger.Level.INFO,
                                "event=store-connected functions={0}",
                                registry.names().size());
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (SchemaMismatchException e) {
                    System.err.println("sockeye invoker: " + e.getMessage());
                    System.exit(1);
                }
            }
        });
    }

    private void unreachable(RuntimeException e) {
        String reason =
                String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
        source.unreachable(reason);
        if (!reason.equals(lastFailure)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "event=store-unreachable retry-seconds={0} error=\"{1}\"",
                    RETRY_INTERVAL.toSeconds(),
                    LogText.quotable(reason));
            lastFailure = reason;
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        Thread connecting = retrying;
        if (connecting != null && connecting != Thread.currentThread()) {
            connecting.interrupt();
            connecting.join();
        }
        AutoCloseable[] parts = {heartbeat, feed, store};
        Exception first = null;
        for (AutoCloseable part : parts) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
