package dev.sockeye.invoker;

import dev.sockeye.invoker.admission.AdmissionControl;
import dev.sockeye.invoker.admission.DeadlineWatch;
import dev.sockeye.invoker.audit.InvocationAudit;
import dev.sockeye.invoker.drain.InFlightRequests;
import dev.sockeye.invoker.metrics.InvokerMetrics;
import dev.sockeye.invoker.modules.ModuleCache;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.sockets.Sandbox;
import io.vertx.core.Vertx;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every invocation shares: configuration, the registry (whose current policies running guests obey), sandbox,
 * module cache, admission, the requests in flight (for a drain), audit and metrics.
 */
record InvokerRuntime(
        InvokerConfig config,
        FunctionRegistry registry,
        Vertx vertx,
        Sandbox sandbox,
        ModuleCache modules,
        AdmissionControl admission,
        DeadlineWatch deadlines,
        InFlightRequests inFlight,
        InvocationAudit audit,
        InvokerMetrics metrics,
        long idHighBits,
        AtomicLong sequence) {

    static long randomIdHighBits() {
        return ThreadLocalRandom.current().nextLong();
    }

    /**
     * Unique per invoker replica and request, and the id the API and the store show: a UUID of random per-process
     * high bits and a sequence number, so log lines, audit rows and API answers name an invocation the same way.
     */
    String nextInvocationId() {
        return new UUID(idHighBits, sequence.incrementAndGet()).toString();
    }
}
