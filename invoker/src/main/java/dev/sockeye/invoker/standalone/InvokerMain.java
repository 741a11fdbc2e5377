package dev.sockeye.invoker.standalone;

import dev.sockeye.invoker.Invoker;
import dev.sockeye.invoker.InvokerConfig;
import dev.sockeye.invoker.audit.InMemoryInvocationAudit;
import dev.sockeye.invoker.audit.InvocationAudit;
import dev.sockeye.invoker.registry.FunctionEgress;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.invoker.registry.FunctionSource;
import dev.sockeye.invoker.registry.ServedFunction;
import dev.sockeye.invoker.registry.ServedVersion;
import dev.sockeye.store.config.StoreConfigProperties;
import dev.sockeye.store.database.SchemaMismatchException;
import dev.sockeye.store.errors.StoreException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone invoker ({@code ./sockeye invoker}, {@code java -jar}): many replicas behind a load balancer, each
 * following the policy store.
 *
 * <pre>
 * ./sockeye invoker [--config store.properties] [--function NAME=module.wasm[:allow-all] [--arg ARG]...]...
 * </pre>
 * Store settings are the {@code sockeye.*} properties of {@code StoreConfigProperties} (from the environment,
 * {@code SOCKEYE_DB_URL} for {@code sockeye.db.url}, then the file, then system properties); invoker settings are the {@code SOCKEYE_INVOKER_*} environment variables of
 * {@link InvokerConfig}. With {@code --function} it serves those local modules instead of the store (for trying
 * it out and for the benchmarks): routes {@code /fn/NAME/...}, deny-all egress unless {@code :allow-all}, each
 * {@code --arg} an argument of the function named before it.
 *
 * <p>SIGTERM drains ({@link Invoker#drain}): readiness turns false, new connections are refused, requests in flight
 * get up to {@code SOCKEYE_INVOKER_DRAIN_SECONDS} ({@link StandaloneSettings}), then the process exits 0.
 */
public final class InvokerMain {
    private static final System.Logger LOG = System.getLogger(InvokerMain.class.getName());

    private InvokerMain() {}

    /**
     * Runs until SIGTERM. A bad setting or an unusable database (no schema, another schema version) ends it with
     * one line on stderr (an orchestrator's log shows it as is) and exit code 2 (bad argument or setting) or 1
     * (database). An unreachable one does not: it starts not ready and retries ({@link StoreConnector}).
     */
    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (IllegalArgumentException | StoreException.Invalid e) {
            System.err.println("sockeye invoker: " + e.getMessage());
            System.exit(2);
        } catch (StoreException | SchemaMismatchException e) {
            System.err.println("sockeye invoker: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        JsonLogFormatter.apply(System.getenv("SOCKEYE_LOG_FORMAT"));
        // Environment first (SOCKEYE_DB_URL, as for the platform), then --config, then -D: the most explicit wins.
        var storeProperties = new HashMap<>(StoreConfigProperties.fromEnvironment(System.getenv()));
        var localFunctions = new ArrayList<ServedFunction>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> storeProperties.putAll(load(Path.of(value(args, ++i, "--config"))));
                case "--function" -> localFunctions.add(localFunction(value(args, ++i, "--function")));
                case "--arg" -> {
                    if (localFunctions.isEmpty()) {
                        throw usage("--arg belongs to a --function: name the function first");
                    }
                    var function = localFunctions.removeLast();
                    var version = function.version();
                    var withArg = new ArrayList<>(version.args());
                    withArg.add(value(args, ++i, "--arg"));
                    localFunctions.add(function.withVersion(version.withArgs(withArg)));
                }
                default -> throw usage("unknown argument " + args[i]);
            }
        }
        System.getProperties().forEach((key, value) -> {
            if (key.toString().startsWith("sockeye.")) {
                storeProperties.put(key.toString(), value.toString());
            }
        });
        var config = InvokerConfig.fromEnvironment(System.getenv());
        var settings = StandaloneSettings.fromEnvironment(System.getenv());
        var registry = new FunctionRegistry();
        var meters = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        StoreConnector connector = null;
        FunctionSource source;
        InvocationAudit audit;
        if (localFunctions.isEmpty()) {
            connector = new StoreConnector(StoreConfigProperties.parse(storeProperties), registry, config, meters);
            // Reachable: every function is loaded before the invoker listens. Not: it starts not ready and retries.
            connector.connect();
            source = connector.source();
            audit = connector.audit();
        } else {
            for (ServedFunction function : localFunctions) {
                registry.deploy(function);
            }
            source = FunctionSource.direct("static");
            audit = new InMemoryInvocationAudit(10_000);
        }
        var invoker = Invoker.builder(config, registry)
                .source(source)
                .audit(audit)
                .meters(meters)
                .build();
        invoker.start();
        if (settings.metricsPort() >= 0) {
            invoker.startOperations(settings.metricsPort());
        }
        if (connector != null) {
            connector.follow(invoker);
        }
        var stopped = new CountDownLatch(1);
        AutoCloseable closeStore = connector;
        var closed = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable closeAll = () -> {
            if (closed.compareAndSet(false, true)) {
                closeQuietly(invoker);
                closeQuietly(closeStore);
            }
            stopped.countDown();
        };
        // SIGTERM (Kubernetes, docker stop) drains and exits 0; other exits (SIGINT) close at once.
        Runtime.getRuntime().addShutdownHook(new Thread(closeAll, "invoker-shutdown"));
        sun.misc.Signal.handle(
                new sun.misc.Signal("TERM"),
                signal -> Thread.ofPlatform().name("invoker-drain").start(() -> {
                    try {
                        invoker.drain(settings.drainDeadline(), settings.interruptGrace());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "event=drain-failed error=\"{0}\"", e.getMessage());
                    }
                    closeAll.run();
                    System.exit(0);
                }));
        stopped.await();
    }

    /** {@code NAME=path.wasm} or {@code NAME=path.wasm:allow-all}. */
    static ServedFunction localFunction(String spec) throws IOException {
        int equals = spec.indexOf('=');
        if (equals <= 0) {
            throw usage("--function wants NAME=module.wasm[:allow-all], got " + spec);
        }
        String path = spec.substring(equals + 1);
        boolean allowAll = path.endsWith(":allow-all");
        if (allowAll) {
            path = path.substring(0, path.length() - ":allow-all".length());
        }
        var function =
                ServedFunction.of(spec.substring(0, equals), ServedVersion.of(Files.readAllBytes(Path.of(path))));
        return allowAll ? function.withEgress(FunctionEgress.ALLOW_ALL) : function;
    }

    private static Map<String, String> load(Path file) throws IOException {
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        var map = new HashMap<String, String>();
        properties.forEach((key, value) -> map.put(key.toString(), value.toString()));
        return map;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw usage(option + " needs a value");
        }
        return args[index];
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(problem + "\nusage: invoker [--config store.properties]"
                + " [--function NAME=module.wasm[:allow-all] [--arg ARG]...]...");
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "event=shutdown-error error=\"{0}\"", e.getMessage());
        }
    }
}
