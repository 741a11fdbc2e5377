package dev.sockeye.invoker.standalone;

import java.time.Duration;
import java.util.Map;

/**
 * What only the standalone process reads, beside {@link dev.sockeye.invoker.InvokerConfig}: how it stops, and
 * where its metrics are served.
 *
 * @param drainDeadline on SIGTERM, how long requests in flight may still run before they are interrupted (default
 *     25 s, below Kubernetes' 30 s termination grace; SOCKEYE_INVOKER_DRAIN_SECONDS, 0 to interrupt at once)
 * @param interruptGrace after the deadline, how long interrupted runs get to answer their 503 before the process
 *     closes their connections (3 s; a run still compiling its module answers once
 *     the compile is done)
 * @param metricsPort a port of its own for /metrics, /health and /health/ready, or -1 to serve them on the
 *     triggers' port (default -1; SOCKEYE_METRICS_PORT)
 */
record StandaloneSettings(Duration drainDeadline, Duration interruptGrace, int metricsPort) {
    static final Duration DEFAULT_DRAIN = Duration.ofSeconds(25);
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(3);

    static StandaloneSettings fromEnvironment(Map<String, String> env) {
        return new StandaloneSettings(
                seconds(env, "SOCKEYE_INVOKER_DRAIN_SECONDS").orElse(DEFAULT_DRAIN),
                INTERRUPT_GRACE,
                port(env, "SOCKEYE_METRICS_PORT"));
    }

    private static int port(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number (0-65535), was '" + value.strip() + "'");
        }
    }

    private static java.util.Optional<Duration> seconds(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return java.util.Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + " must be a whole number of seconds, 0 or more, was '" + value.strip() + "'");
        }
    }
}
