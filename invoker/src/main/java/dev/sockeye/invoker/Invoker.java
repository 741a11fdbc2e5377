package dev.sockeye.invoker;

import dev.sockeye.invoker.admission.AdmissionControl;
import dev.sockeye.invoker.admission.DeadlineWatch;
import dev.sockeye.invoker.audit.InvocationAudit;
import dev.sockeye.invoker.metrics.InvokerMetrics;
import dev.sockeye.invoker.modules.ModuleCache;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.invoker.registry.FunctionSource;
import dev.sockeye.invoker.registry.ServedFunction;
import dev.sockeye.invoker.registry.Trigger;
import dev.sockeye.invoker.wagi.TriggerProblem;
import dev.sockeye.sockets.DiskCompileCache;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.store.functions.FunctionLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The invoker: an HTTP server whose requests become WAGI guest runs of the functions in a {@link FunctionRegistry}.
 * Embedded, the platform builds it with its own Vert.x and Micrometer registry and feeds the registry directly;
 * standalone, {@link InvokerMain} does, with a Prometheus registry and the policy store feed.
 *
 * <pre>{@code
 * var invoker = Invoker.builder(config, registry).build();
 * int port = invoker.start();
 * }</pre>
 */
public final class Invoker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Invoker.class.getName());
    /** How often timeouts are checked: a run may overstay its timeout by up to this. */
    private static final java.time.Duration DEADLINE_TICK = java.time.Duration.ofMillis(20);
    /** Readiness is served at the health path plus this. */
    public static final String READY_SUFFIX = "/ready";

    private final InvokerRuntime runtime;
    private final FunctionRegistry registry;
    private final FunctionSource source;
    private final boolean ownsVertx;
    private final boolean ownsSandbox;
    /** The {@link StartupWarmUp}'s own invoker: says nothing at INFO, it is not the one users reach. */
    private final boolean warmUpOnly;

    private volatile int port = -1;
    private volatile boolean draining;
    private final java.util.List<HttpServer> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private String deploymentId;
    private volatile HttpServer operationsServer;

    private Invoker(Builder builder) {
        var config = builder.config;
        this.registry = builder.registry;
        this.source = builder.source;
        this.ownsVertx = builder.vertx == null;
        Vertx vertx = ownsVertx ? Vertx.vertx() : builder.vertx;
        this.ownsSandbox = builder.sandbox == null;
        this.warmUpOnly = builder.warmUpOnly;
        Sandbox sandbox = ownsSandbox
                ? Sandbox.builder()
                        .vertx(vertx)
                        .trustedCertificates(config.trustedCertificates())
                        .build()
                : builder.sandbox;
        var admission = new AdmissionControl(config.globalConcurrency(), config.queueCapacity(), config.queueWait());
        var metrics = new InvokerMetrics(
                builder.meters, sandbox.networkStats(), admission::queueDepth, admission::running, source::live);
        DiskCompileCache disk = null;
        if (config.compileCacheDir() != null) {
            try {
                disk = new DiskCompileCache(config.compileCacheDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot use compile cache " + config.compileCacheDir(), e);
            }
        }
        var modules = new ModuleCache(
                sandbox, disk, config.moduleCacheBytes(), config.interpretAboveBytes(), metrics::compiled);
        metrics.interpretedFunctions(modules::interpretedFunctions);
        this.runtime = new InvokerRuntime(
                config,
                registry,
                vertx,
                sandbox,
                modules,
                admission,
                new DeadlineWatch(DEADLINE_TICK),
                new dev.sockeye.invoker.drain.InFlightRequests(),
                builder.audit,
                metrics,
                InvokerRuntime.randomIdHighBits(),
                new AtomicLong());
    }

    public static Builder builder(InvokerConfig config, FunctionRegistry registry) {
        return new Builder(config, registry);
    }

    /**
     * Starts listening (one server per core, sharing the port; with port 0 Vert.x gives them the same random one)
     * and returns the bound port. With a {@link InvokerConfig#warmUp} it first warms the request path up and
     * compiles the functions already deployed ({@link StartupWarmUp}), so it returns that much later.
     */
    public int start() {
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        var config = runtime.config();
        if (!config.warmUp().isZero()) {
            new StartupWarmUp(runtime).run();
        }
        deploymentId = runtime.vertx()
                .deployVerticle(
                        () -> new AbstractVerticle() {
                            @Override
                            public void start(Promise<Void> started) {
                                HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                                        .setHost(config.host())
                                        .setPort(config.port())
                                        .setTcpNoDelay(true)
                                        .setIdleTimeout(
                                                (int) config.idleTimeout().toMillis())
                                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                                        .setMaxHeaderSize(config.maxRequestHeaderBytes())
                                        .setMaxInitialLineLength(config.maxRequestLineBytes()));
                                server.requestHandler(Invoker.this::handle)
                                        .invalidRequestHandler(Invoker.this::invalidRequest)
                                        .connectionHandler(Invoker.this::connected)
                                        .listen()
                                        .onSuccess(s -> {
                                            port = s.actualPort();
                                            servers.add(s);
                                            started.complete();
                                        })
                                        .onFailure(started::fail);
                            }
                        },
                        new DeploymentOptions().setInstances(instances))
                .toCompletionStage()
                .toCompletableFuture()
                .join();
        LOG.log(
                warmUpOnly ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
                "event=invoker-started port={0} event-loops={1} functions={2}",
                String.valueOf(port),
                instances,
                registry.names().size());
        return port;
    }

    public int port() {
        return port;
    }

    /**
     * Serves metrics, health and readiness on a port of their own (standalone {@code SOCKEYE_METRICS_PORT}), so the
     * triggers' port serves no metrics; health and readiness stay on both, and this port stays up through a drain.
     * Returns the bound port.
     */
    public int startOperations(int operationsPort) {
        var config = runtime.config();
        HttpServer server = runtime.vertx()
                .createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(operationsPort))
                .requestHandler(request -> {
                    String path = request.path();
                    if (path.equals(config.healthPath())) {
                        health(request);
                    } else if (path.equals(config.healthPath() + READY_SUFFIX)) {
                        readiness(request);
                    } else if (config.metricsPath() != null && path.equals(config.metricsPath())) {
                        metrics(request);
                    } else {
                        new TriggerProblem(
                                        404,
                                        "Not Found",
                                        "this is the invoker's metrics port: " + config.metricsPath() + ", "
                                                + config.healthPath() + " and " + config.healthPath() + READY_SUFFIX
                                                + "; triggers are on port " + port,
                                        0)
                                .send(request.response());
                    }
                })
                .listen()
                .toCompletionStage()
                .toCompletableFuture()
                .join();
        operationsServer = server;
        LOG.log(System.Logger.Level.INFO, "event=metrics-port-started port={0}", String.valueOf(server.actualPort()));
        return server.actualPort();
    }

    public FunctionRegistry registry() {
        return registry;
    }

    /**
     * Whether this invoker takes new requests: what {@code <healthPath>/ready} answers and its heartbeat reports.
     * False from the moment a drain starts.
     */
    public boolean ready() {
        return notReadyBecause() == null;
    }

    /** Why this invoker is not ready, or null when it is. */
    private String notReadyBecause() {
        if (draining) {
            return "the invoker is draining: it finishes the requests in flight, then stops";
        }
        if (!source.live() && !source.warm()) {
            // Changes were missed and a full reload failed, or the store was never reached: the detail says which.
            return "the policy store is unreachable and this invoker's functions are not known: " + source.detail();
        }
        // A warm registry serves on while the store is down: known functions need no database.
        return null;
    }

    /**
     * Stops taking work and lets the requests in flight finish (SIGTERM in standalone mode): readiness turns false
     * at once, the listening socket closes (new connections are refused), responses ask clients to close their
     * connections, and requests still queued or running after {@code deadline} are interrupted and answered 503.
     * Returns once none is in flight (interrupted ones get up to {@code interruptGrace} to answer); {@link #close}
     * then ends the rest. Call it once, off the event loops.
     */
    public DrainResult drain(java.time.Duration deadline, java.time.Duration interruptGrace)
            throws InterruptedException {
        draining = true;
        var inFlight = runtime.inFlight();
        int atStart = inFlight.count();
        LOG.log(
                System.Logger.Level.INFO,
                "event=drain-started in-flight={0} deadline-seconds={1}",
                atStart,
                deadline.toSeconds());
        if (!servers.isEmpty()) {
            String kept = dev.sockeye.invoker.drain.ListeningSocket.close(servers.getFirst());
            if (kept != null) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "event=drain-listener-kept reason=\"{0}\" fallback=close-new-connections",
                        kept);
            }
        }
        int interrupted = 0;
        if (!inFlight.awaitNone(deadline)) {
            interrupted = inFlight.interruptAll();
            LOG.log(System.Logger.Level.WARNING, "event=drain-deadline-passed interrupted={0}", interrupted);
            inFlight.awaitNone(interruptGrace);
        }
        var result = new DrainResult(atStart, interrupted, inFlight.count());
        LOG.log(
                System.Logger.Level.INFO,
                "event=drain-finished in-flight-at-start={0} interrupted={1} unanswered={2}",
                result.inFlightAtStart(),
                result.interrupted(),
                result.unanswered());
        return result;
    }

    /**
     * What a drain did.
     *
     * @param inFlightAtStart requests in flight when it started
     * @param interrupted requests interrupted at the deadline (answered 503)
     * @param unanswered requests still not answered after the interrupt grace (their connections close)
     */
    public record DrainResult(int inFlightAtStart, int interrupted, int unanswered) {}

    /** A new connection; while draining (should the listening socket still accept) it is closed at once. */
    private void connected(io.vertx.core.http.HttpConnection connection) {
        if (draining) {
            connection.close();
        }
    }

    /**
     * One word for operators: UP; DEGRADED while its source is not live (it serves what it has); DRAINING once a
     * drain started.
     */
    public String status() {
        if (draining) {
            return "DRAINING";
        }
        return source.live() ? "UP" : "DEGRADED";
    }

    public ModuleCache modules() {
        return runtime.modules();
    }

    public AdmissionControl admission() {
        return runtime.admission();
    }

    public Sandbox sandbox() {
        return runtime.sandbox();
    }

    /**
     * Serves one request: health, metrics, or a public function's run. The platform may mount this handler in its
     * own server instead of calling {@link #start()}. Call on an event loop.
     */
    public void handle(HttpServerRequest request) {
        var config = runtime.config();
        String rawPath = request.path();
        if (draining && request.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
            // Keep-alive clients move to another replica: this connection ends with the response.
            request.response().putHeader("Connection", "close");
        }
        if (rawPath.equals(config.healthPath())) {
            health(request);
            return;
        }
        if (rawPath.equals(config.healthPath() + READY_SUFFIX)) {
            readiness(request);
            return;
        }
        if (config.metricsPath() != null && operationsServer == null && rawPath.equals(config.metricsPath())) {
            metrics(request);
            return;
        }
        String path = decodedPath(rawPath);
        if (path == null) {
            new TriggerProblem(400, "Bad Request", "the path is not a valid URI path: " + rawPath, 0)
                    .send(request.response());
            return;
        }
        Trigger trigger = registry.snapshot().resolve(path).orElse(null);
        if (trigger == null) {
            // While the store is unreachable a missing route may be one deployed since: refuse, do not deny it exists.
            (source.live()
                            ? TriggerProblem.notFound(path)
                            : TriggerProblem.unknownWhileStoreDown(
                                    path, Math.max(1, config.retryAfter().toSeconds())))
                    .send(request.response());
            return;
        }
        if (!trigger.isPublic()) {
            new TriggerProblem(
                            403,
                            "Forbidden",
                            "function " + trigger.function().name()
                                    + " is private; this invoker serves public triggers only",
                            0)
                    .send(request.response());
            return;
        }
        serve(request, trigger);
    }

    /** A request the HTTP decoder refused (request line or headers too long, bad syntax): a problem, then close. */
    private void invalidRequest(HttpServerRequest request) {
        var config = runtime.config();
        var cause = request.decoderResult().cause();
        TriggerProblem.invalidRequest(cause, config.maxRequestLineBytes(), config.maxRequestHeaderBytes())
                .send(request.response());
    }

    /**
     * The function serving a request, for a host that checks callers itself (the platform, for private triggers)
     * and then calls {@link #serve}; empty when no function's route matches, or the path is not a valid URI path.
     */
    public Optional<Trigger> resolve(HttpServerRequest request) {
        String path = decodedPath(request.path());
        return path == null ? Optional.empty() : registry.snapshot().resolve(path);
    }

    /** Runs the resolved function for the request; the caller has decided the caller may. Call on an event loop. */
    public void serve(HttpServerRequest request, Trigger trigger) {
        ServedFunction function = trigger.function();
        FunctionLimits limits = function.limits();
        String declaredLength = request.getHeader("Content-Length");
        if (declaredLength != null && tooLarge(declaredLength, limits.maxRequestBytes())) {
            TriggerProblem.tooLarge(function.name(), limits.maxRequestBytes()).send(request.response());
            runtime.metrics().invocation(function.name(), 413, java.time.Duration.ZERO);
            return;
        }
        try {
            new Invocation(runtime, request, trigger, limits).start();
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "event=invocation-setup-failed function={0} error=\"{1}\"",
                    function.name(),
                    e.getMessage());
            TriggerProblem.guestFailed(function.name(), "could not be set up: " + e.getMessage())
                    .send(request.response());
        }
    }

    /** The request path with %XX decoded (and '+' kept, unlike URLDecoder), or null if it is not a valid URI path. */
    private static String decodedPath(String rawPath) {
        if (isPlainAbsolutePath(rawPath)) {
            return rawPath; // nothing to decode, nothing invalid: what URI would return, without parsing twice
        }
        try {
            return new URI(null, null, rawPath, null).getPath() == null
                    ? rawPath
                    : new URI("http://h" + rawPath).getPath();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Starts with '/' and holds only RFC 3986 path characters other than '%' (unreserved, sub-delims, ':', '@'). */
    private static boolean isPlainAbsolutePath(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return false;
        }
        for (int i = 1; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            boolean plain = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || "/-._~!$&'()*+,;=:@".indexOf(c) >= 0;
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    private static boolean tooLarge(String declaredLength, long max) {
        try {
            return Long.parseLong(declaredLength.strip()) > max;
        } catch (NumberFormatException e) {
            return false; // Vert.x rejects a malformed Content-Length before we see it
        }
    }

    private void health(HttpServerRequest request) {
        boolean live = source.live();
        String body = "{\"status\":\"" + status() + "\",\"functions\":"
                + registry.names().size()
                + ",\"ready\":" + ready()
                + ",\"source\":{\"kind\":" + json(source.kind()) + ",\"live\":" + live + ",\"detail\":"
                + json(source.detail()) + "},\"running\":" + runtime.admission().running() + ",\"queued\":"
                + runtime.admission().queueDepth() + "}";
        // 200 even when degraded: the invoker still serves what it has, so a load balancer should keep it.
        request.response().putHeader("Content-Type", "application/json").end(body);
    }

    /** 200 while ready, else a 503 problem saying why: what a readiness probe or load balancer checks. */
    private void readiness(HttpServerRequest request) {
        String reason = notReadyBecause();
        if (reason == null) {
            request.response()
                    .putHeader("Content-Type", "application/json")
                    .end("{\"ready\":true,\"status\":\"" + status() + "\"}");
        } else {
            new TriggerProblem(503, "Service Unavailable", "not ready: " + reason, 0).send(request.response());
        }
    }

    private void metrics(HttpServerRequest request) {
        if (runtime.metrics().registry() instanceof PrometheusMeterRegistry prometheus) {
            request.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(prometheus.scrape());
        } else {
            new TriggerProblem(404, "Not Found", "metrics are served by the host platform", 0).send(request.response());
        }
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        if (operationsServer != null) {
            operationsServer.close().toCompletionStage().toCompletableFuture().join();
        }
        if (deploymentId != null) {
            runtime.vertx()
                    .undeploy(deploymentId)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .join();
        }
        runtime.deadlines().close();
        if (ownsSandbox) {
            runtime.sandbox().close();
        }
        if (ownsVertx) {
            runtime.vertx().close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** Builds an {@link Invoker}. */
    public static final class Builder {
        private final InvokerConfig config;
        private final FunctionRegistry registry;
        private Vertx vertx;
        private Sandbox sandbox;
        private MeterRegistry meters;
        private InvocationAudit audit;
        private FunctionSource source = FunctionSource.direct("embedded");
        private boolean warmUpOnly;

        private Builder(InvokerConfig config, FunctionRegistry registry) {
            this.config = config;
            this.registry = registry;
        }

        /** Uses this Vert.x (not closed with the invoker); by default the invoker owns one. */
        public Builder vertx(Vertx value) {
            vertx = value;
            return this;
        }

        /** Uses this sandbox (not closed with the invoker); by default one on the invoker's Vert.x. */
        public Builder sandbox(Sandbox value) {
            sandbox = value;
            return this;
        }

        /** Where meters go; by default a new Prometheus registry (served on the metrics path). */
        public Builder meters(MeterRegistry value) {
            meters = value;
            return this;
        }

        /** Where invocations are recorded; by default an in-memory audit of the last 10,000 rows. */
        public Builder audit(InvocationAudit value) {
            audit = value;
            return this;
        }

        /** What /health reports as the registry's source. */
        public Builder source(FunctionSource value) {
            source = value;
            return this;
        }

        /** Marks the {@link StartupWarmUp}'s invoker. */
        Builder warmUpOnly() {
            warmUpOnly = true;
            return this;
        }

        public Invoker build() {
            if (meters == null) {
                meters = new PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
            }
            if (audit == null) {
                audit = new dev.sockeye.invoker.audit.InMemoryInvocationAudit(10_000);
            }
            return new Invoker(this);
        }
    }
}
