package dev.sockeye.invoker;

import dev.sockeye.invoker.admission.AdmissionControl;
import dev.sockeye.invoker.admission.DeadlineWatch;
import dev.sockeye.invoker.audit.InvocationAudit;
import dev.sockeye.invoker.metrics.InvokerMetrics;
import dev.sockeye.invoker.modules.ModuleCache;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.sockets.Sandbox;
import io.vertx.core.Vertx;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every invocation shares: configuration, the registry (whose current policies running guests obey), sandbox,
 * module cache, admission, audit and metrics.
 */
record InvokerRuntime(
        InvokerConfig config,
        FunctionRegistry registry,
        Vertx vertx,
        Sandbox sandbox,
        ModuleCache modules,
        AdmissionControl admission,
        DeadlineWatch deadlines,
        InvocationAudit audit,
        InvokerMetrics metrics,
        String idPrefix,
        AtomicLong sequence) {

    static String randomPrefix() {
        return Long.toString(ThreadLocalRandom.current().nextLong() >>> 24, 36);
    }

    /** Unique per invoker replica and request: a random per-process prefix and a sequence number. */
    String nextInvocationId() {
        return idPrefix + "-" + Long.toString(sequence.incrementAndGet(), 36);
    }
}
