package dev.sockeye.api.testing;

import dev.sockeye.invoker.Invoker;
import dev.sockeye.invoker.InvokerConfig;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.invoker.store.StoreFunctionSource;
import dev.sockeye.invoker.store.StoreHeartbeat;
import dev.sockeye.sockets.egress.EgressOperatorConfig;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.config.SecretKeys;
import dev.sockeye.store.config.StoreConfig;
import dev.sockeye.store.database.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A standalone invoker in this JVM as {@code InvokerMain} wires it (its own pool on the control plane's Postgres,
 * the change feed, a heartbeat), on a loopback port: what a control plane with {@code embedded=false} has beside it.
 */
public final class StandaloneInvoker implements AutoCloseable {

    private static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(200);

    private final PolicyStore store;
    private final StoreFunctionSource feed;
    private final Invoker invoker;
    private final StoreHeartbeat heartbeat;
    private final int port;
    private boolean following = true;
    private boolean closed;

    /** {@code controlPlane}: the control plane's store, whose embedded Postgres this invoker connects to. */
    public StandaloneInvoker(PolicyStore controlPlane, String id) {
        EmbeddedPostgresServer server = controlPlane.database().embeddedServer().orElseThrow();
        var config = new StoreConfig(
                new StoreConfig.Postgres.External(
                        server.jdbcUrl("sockeye"), EmbeddedPostgresServer.SUPERUSER, "", Map.of()),
                2,
                new SecretKeys("k1", Map.of("k1", new byte[32])),
                StoreConfig.Audit.defaults(),
                StoreConfig.ChangeFeed.defaults());
        store = PolicyStore.openForInvoker(config);
        FunctionRegistry registry = new FunctionRegistry();
        Path bundles;
        try {
            bundles = Files.createTempDirectory("standalone-invoker-bundles");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        feed = StoreFunctionSource.start(
                store, registry, EgressOperatorConfig.defaults(), bundles, Duration.ofSeconds(1));
        InvokerConfig invokerConfig = InvokerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .compileCacheDir(null)
                .moduleCacheBytes(64L << 20)
                .heartbeat(InvokerConfig.HeartbeatSettings.defaults()
                        .withInvokerId(id)
                        .withInterval(HEARTBEAT_INTERVAL))
                .build();
        invoker = Invoker.builder(invokerConfig, registry).source(feed).build();
        port = invoker.start();
        heartbeat = StoreHeartbeat.start(store, invoker, invokerConfig.heartbeat());
    }

    public int port() {
        return port;
    }

    /** Stops following the change feed (as if this invoker's feed connection were cut) while it keeps beating. */
    public void stopFollowing() {
        if (following) {
            feed.close();
            following = false;
        }
    }

    /** Stops it cleanly (its heartbeat row goes); a second call does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        heartbeat.close();
        invoker.close();
        stopFollowing();
        store.close();
    }
}
