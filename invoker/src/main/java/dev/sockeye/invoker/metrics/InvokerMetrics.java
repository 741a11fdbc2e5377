package dev.sockeye.invoker.metrics;

import dev.sockeye.sockets.NetworkStats;
import dev.sockeye.sockets.egress.EgressDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The invoker's meters. Names are Micrometer's dotted form; the Prometheus registry renders them as
 * {@code sockeye_invocations_total{function,status}}, {@code sockeye_invocation_duration_seconds} (histogram),
 * {@code sockeye_egress_decisions_total{function,decision,protocol}}, {@code sockeye_guest_sockets_open},
 * {@code sockeye_guest_bytes_total{direction}}, {@code sockeye_guest_datagrams_dropped_total} (UDP datagrams a full
 * receive buffer dropped), {@code sockeye_module_compile_seconds}, {@code sockeye_module_functions_interpreted}
 * (functions of the compiled modules in memory that run in Chicory's interpreter), {@code sockeye_queue_depth},
 * {@code sockeye_invocations_in_flight} (what an autoscaler scales on) and {@code sockeye_registry_live} (1 while
 * the registry follows its source, 0 while Postgres is unreachable and the last known functions are served).
 * The registry is injected: standalone mode passes a Prometheus registry, the platform passes Quarkus's.
 */
public final class InvokerMetrics {
    private final MeterRegistry registry;
    private final Timer compile;

    public InvokerMetrics(
            MeterRegistry registry,
            NetworkStats network,
            IntSupplier queueDepth,
            IntSupplier inFlight,
            BooleanSupplier registryLive) {
        this.registry = registry;
        this.compile = Timer.builder("sockeye.module.compile")
                .description("Time to compile a module (or load its compiled classes from disk)")
                .register(registry);
        Gauge.builder("sockeye.guest.sockets.open", network, NetworkStats::openSockets)
                .description("Guest sockets open now")
                .register(registry);
        FunctionCounter.builder("sockeye.guest.bytes", network, NetworkStats::bytesIn)
                .tag("direction", "in")
                .description("Bytes guests moved over sockets")
                .register(registry);
        FunctionCounter.builder("sockeye.guest.bytes", network, NetworkStats::bytesOut)
                .tag("direction", "out")
                .description("Bytes guests moved over sockets")
                .register(registry);
        FunctionCounter.builder("sockeye.guest.datagrams.dropped", network, NetworkStats::datagramsDropped)
                .description("UDP datagrams dropped on arrival because the guest socket's receive buffer was full")
                .register(registry);
        Gauge.builder("sockeye.queue.depth", queueDepth, IntSupplier::getAsInt)
                .strongReference(true)
                .description("Requests waiting for a free run slot")
                .register(registry);
        Gauge.builder("sockeye.invocations.in.flight", inFlight, IntSupplier::getAsInt)
                .strongReference(true)
                .description("Guest runs in progress now")
                .register(registry);
        Gauge.builder("sockeye.registry.live", registryLive, live -> live.getAsBoolean() ? 1 : 0)
                .strongReference(true)
                .description("1 while the function registry follows its source, 0 while it serves the last known")
                .register(registry);
    }

    /** Exports the module cache's count of functions left to the interpreter (too big even once split). */
    public void interpretedFunctions(IntSupplier count) {
        Gauge.builder("sockeye.module.functions.interpreted", count, IntSupplier::getAsInt)
                .strongReference(true)
                .description(
                        "Functions of the compiled modules in memory that run in the interpreter (several times slower)")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A function's meters, looked up once: building tags per request costs more than the increment. */
    private final class FunctionMeters {
        private final String function;
        private final Timer duration;
        private final ConcurrentHashMap<Integer, Counter> byStatus = new ConcurrentHashMap<>();

        FunctionMeters(String function) {
            this.function = function;
            this.duration = Timer.builder("sockeye.invocation.duration")
                    .description("Time from request to complete response")
                    .tag("function", function)
                    .publishPercentileHistogram()
                    .register(registry);
        }

        Counter status(int status) {
            return byStatus.computeIfAbsent(
                    status,
                    code -> Counter.builder("sockeye.invocations")
                            .description("Requests answered, by function and HTTP status")
                            .tag("function", function)
                            .tag("status", Integer.toString(code))
                            .register(registry));
        }
    }

    private final ConcurrentHashMap<String, FunctionMeters> functions = new ConcurrentHashMap<>();

    public void invocation(String function, int status, Duration duration) {
        var meters = functions.computeIfAbsent(function, FunctionMeters::new);
        meters.status(status).increment();
        meters.duration.record(duration);
    }

    public void egressDecision(String function, EgressDecision decision) {
        Counter.builder("sockeye.egress.decisions")
                .description("Egress guard decisions")
                .tag("function", function)
                .tag("decision", decision.verdict().name().toLowerCase(Locale.ROOT))
                .tag("protocol", decision.request().transport().label())
                .register(registry)
                .increment();
    }

    public void compiled(Duration duration) {
        compile.record(duration);
    }
}
