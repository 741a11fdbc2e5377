package dev.sockeye.api.functions;

import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.api.problems.ApiException;
import dev.sockeye.store.functions.FunctionLimits;

/** The operator's ceilings ({@code sockeye.limits.*}) over a function's limits: above one is a 400 naming it. */
final class LimitCeilings {

    private LimitCeilings() {}

    static FunctionLimits require(FunctionLimits limits, SockeyeConfig.Limits ceilings) {
        atMost("timeoutMs", limits.timeout().toMillis(), ceilings.maxTimeoutMs(), "max-timeout-ms");
        atMost("memoryPages", limits.memoryPages(), ceilings.maxMemoryPages(), "max-memory-pages");
        atMost("maxConcurrency", limits.maxConcurrency(), ceilings.maxConcurrency(), "max-concurrency");
        atMost("maxSockets", limits.maxSockets(), ceilings.maxSockets(), "max-sockets");
        atMost(
                "maxRequestBytes",
                limits.maxRequestBytes(),
                ceilings.maxRequestBytes().asLongValue(),
                "max-request-bytes");
        atMost(
                "maxResponseBytes",
                limits.maxResponseBytes(),
                ceilings.maxResponseBytes().asLongValue(),
                "max-response-bytes");
        atMost(
                "maxEgressBytes",
                limits.maxEgressBytes(),
                ceilings.maxEgressBytes().asLongValue(),
                "max-egress-bytes");
        return limits;
    }

    private static void atMost(String field, long value, long ceiling, String setting) {
        if (value > ceiling) {
            throw ApiException.badRequest(
                    "limits." + field,
                    field + " " + value + " is above this platform's maximum " + ceiling + " (sockeye.limits." + setting
                            + ")");
        }
    }
}
