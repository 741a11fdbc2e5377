package dev.sockeye.invoker;

import dev.sockeye.sockets.CertificateFiles;
import dev.sockeye.sockets.egress.EgressOperatorConfig;
import dev.sockeye.sockets.limits.SandboxLimits;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the invoker can be configured with, and its defaults ({@link #builder()}). Standalone mode reads
 * overrides from environment variables ({@link #fromEnvironment}); the platform builds it from its own
 * configuration. What one function may use is not here: it is the function's own
 * {@link dev.sockeye.store.functions.FunctionLimits}.
 *
 * @param host interface to listen on (default 0.0.0.0; SOCKEYE_INVOKER_HOST)
 * @param port HTTP port, 0 for any free one (default 8080; SOCKEYE_INVOKER_PORT)
 * @param globalConcurrency runs at once over all functions (default 1000; SOCKEYE_INVOKER_GLOBAL_CONCURRENCY)
 * @param queueCapacity requests that may wait for a slot (default 1000; SOCKEYE_INVOKER_QUEUE_CAPACITY)
 * @param queueWait how long one may wait before 503 (default 5 s; SOCKEYE_INVOKER_QUEUE_WAIT_MS)
 * @param retryAfter the Retry-After sent with 503 (default 1 s)
 * @param moduleCacheBytes module bytes kept compiled in memory (default 256 MiB; SOCKEYE_INVOKER_MODULE_CACHE_BYTES)
 * @param compileCacheDir where compiled classes persist, or null for none (default
 *     {@code ${java.io.tmpdir}/sockeye-compile-cache}; SOCKEYE_INVOKER_COMPILE_CACHE_DIR, "none" to disable)
 * @param interpretAboveBytes a module larger than this that is not compiled in memory yet is served by Chicory's
 *     interpreter while it compiles (or loads from the disk cache) in the background (default 256 KiB;
 *     SOCKEYE_INVOKER_INTERPRET_ABOVE_BYTES)
 * @param sandboxLimits engine limits of every instance (default {@link SandboxLimits#DEFAULTS}); each run takes
 *     its memory, socket and egress limits from its function instead
 * @param responseWindowBytes response bytes a guest may have written ahead of the client (default 256 KiB)
 * @param requestHighWaterBytes request bytes buffered ahead of the guest before the client is paused (256 KiB)
 * @param maxHeaderBytes size limit of a guest's CGI header block (default 64 KiB)
 * @param idleTimeout a trigger connection with no bytes either way for this long is closed, so a client that
 *     stops sending half way through its request (slowloris) holds no connection longer (default 60 s;
 *     SOCKEYE_INVOKER_IDLE_TIMEOUT_MS)
 * @param maxRequestHeaderBytes size limit of a client's request headers, all together; 431 beyond (default 8 KiB;
 *     SOCKEYE_INVOKER_MAX_REQUEST_HEADER_BYTES)
 * @param maxRequestLineBytes size limit of a client's request line (method, URI, version); 414 beyond (default
 *     4 KiB; SOCKEYE_INVOKER_MAX_REQUEST_LINE_BYTES)
 * @param maxLogLines stderr lines kept per invocation (default 1000)
 * @param healthPath path of the health endpoint (default /health)
 * @param metricsPath path of the Prometheus endpoint, or null when the host serves metrics itself (default
 *     /metrics standalone; embedded the platform serves /q/metrics)
 * @param trustedCertificates CAs host TLS ({@code tls://} rules) trusts beyond the JDK's (default none;
 *     SOCKEYE_INVOKER_TLS_CA_FILES, comma-separated PEM or DER files)
 * @param egressOperator operator settings of every function's egress (default
 *     {@link EgressOperatorConfig#defaults()}; SOCKEYE_INVOKER_EGRESS_ALLOW_SPECIAL_RANGES_FOR_NAMES, true or
 *     false, lets name rules reach loopback and private ranges: docs/egress-policy.md)
 * @param heartbeat how this invoker reports itself into the policy store ({@link HeartbeatSettings})
 * @param warmUp the most time {@link Invoker#start()} spends, before it listens, serving a built-in hello guest to
 *     itself over loopback HTTP, compiling the modules of the functions it already serves and letting the JIT
 *     catch up, so that the first client requests meet compiled code ({@code StartupWarmUp}). No audit row,
 *     metric or log line of an invocation comes from it (default 0, none, in this builder and embedded;
 *     {@value #STANDALONE_WARM_UP_MILLIS} ms for the standalone invoker; SOCKEYE_INVOKER_WARM_UP_MS, 0 turns it
 *     off)
 */
public record InvokerConfig(
        String host,
        int port,
        int globalConcurrency,
        int queueCapacity,
        Duration queueWait,
        Duration retryAfter,
        long moduleCacheBytes,
        Path compileCacheDir,
        long interpretAboveBytes,
        SandboxLimits sandboxLimits,
        int responseWindowBytes,
        int requestHighWaterBytes,
        int maxHeaderBytes,
        Duration idleTimeout,
        int maxRequestHeaderBytes,
        int maxRequestLineBytes,
        int maxLogLines,
        String healthPath,
        String metricsPath,
        List<X509Certificate> trustedCertificates,
        EgressOperatorConfig egressOperator,
        HeartbeatSettings heartbeat,
        Duration warmUp) {

    /** The standalone invoker's start-up warm-up ({@link #warmUp}) unless SOCKEYE_INVOKER_WARM_UP_MS says otherwise. */
    public static final long STANDALONE_WARM_UP_MILLIS = 5000;

    /**
     * The heartbeat each invoker writes into the policy store (docs/operations.md).
     *
     * @param invokerId this process's id (default {@code <hostname>-<pid>}, the hostname from HOSTNAME, which
     *     Kubernetes sets to the pod name; SOCKEYE_INVOKER_ID)
     * @param interval how often it beats; a registry change beats at once (default 5 s;
     *     SOCKEYE_INVOKER_HEARTBEAT_INTERVAL_MS)
     * @param staleAfterIntervals missed beats after which it is reported stale (default 3;
     *     SOCKEYE_INVOKER_HEARTBEAT_STALE_AFTER)
     * @param pruneAfter not seen for this long, its row is deleted (default 1 h;
     *     SOCKEYE_INVOKER_HEARTBEAT_PRUNE_AFTER_SECONDS)
     */
    public record HeartbeatSettings(String invokerId, Duration interval, int staleAfterIntervals, Duration pruneAfter) {
        public HeartbeatSettings {
            dev.sockeye.store.invokers.Heartbeat.requireValidId(invokerId);
            if (interval.toMillis() < 1 || staleAfterIntervals < 1 || pruneAfter.compareTo(interval) <= 0) {
                throw new IllegalArgumentException("bad heartbeat settings: interval " + interval.toMillis()
                        + " ms, stale after " + staleAfterIntervals + " intervals, prune after "
                        + pruneAfter.toSeconds() + " s (must be longer than the interval)");
            }
        }

        /** The defaults with the default id. */
        public static HeartbeatSettings defaults() {
            return new HeartbeatSettings(defaultInvokerId(), Duration.ofSeconds(5), 3, Duration.ofHours(1));
        }

        /** Not seen for this long, an invoker is stale. */
        public Duration staleAfter() {
            return interval.multipliedBy(staleAfterIntervals);
        }

        public HeartbeatSettings withInvokerId(String value) {
            return new HeartbeatSettings(value, interval, staleAfterIntervals, pruneAfter);
        }

        public HeartbeatSettings withInterval(Duration value) {
            return new HeartbeatSettings(invokerId, value, staleAfterIntervals, pruneAfter);
        }

        public HeartbeatSettings withStaleAfterIntervals(int value) {
            return new HeartbeatSettings(invokerId, interval, value, pruneAfter);
        }

        public HeartbeatSettings withPruneAfter(Duration value) {
            return new HeartbeatSettings(invokerId, interval, staleAfterIntervals, value);
        }

        private static String defaultInvokerId() {
            String host = System.getenv("HOSTNAME");
            if (host == null || host.isBlank()) {
                try {
                    host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.net.UnknownHostException e) {
                    host = "invoker";
                }
            }
            return host.strip().replace(' ', '_') + "-"
                    + ProcessHandle.current().pid();
        }
    }

    public InvokerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(queueWait, "queueWait");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.toMillis() < 1 || maxRequestHeaderBytes < 1 || maxRequestLineBytes < 1) {
            throw new IllegalArgumentException("bad invoker configuration: idleTimeout " + idleTimeout
                    + ", maxRequestHeaderBytes " + maxRequestHeaderBytes + ", maxRequestLineBytes "
                    + maxRequestLineBytes + " (each must be positive)");
        }
        Objects.requireNonNull(sandboxLimits, "sandboxLimits");
        trustedCertificates = List.copyOf(trustedCertificates);
        Objects.requireNonNull(egressOperator, "egressOperator");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(warmUp, "warmUp");
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("bad invoker configuration: warmUp " + warmUp + " is negative");
        }
        if (port < 0 || port > 65535 || globalConcurrency < 1 || queueCapacity < 0 || moduleCacheBytes < 0) {
            throw new IllegalArgumentException("bad invoker configuration: port " + port + ", globalConcurrency "
                    + globalConcurrency + ", queueCapacity " + queueCapacity + ", moduleCacheBytes "
                    + moduleCacheBytes);
        }
    }

    /** The documented defaults, to change a few. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The defaults overridden by the SOCKEYE_INVOKER_* variables present in {@code env}. */
    public static InvokerConfig fromEnvironment(Map<String, String> env) {
        var variables = new EnvironmentVariables(env);
        var builder = builder();
        variables.text("HOST").ifPresent(builder::host);
        variables.integer("PORT").ifPresent(builder::port);
        variables.integer("GLOBAL_CONCURRENCY").ifPresent(builder::globalConcurrency);
        variables.integer("QUEUE_CAPACITY").ifPresent(builder::queueCapacity);
        variables.millis("QUEUE_WAIT_MS").ifPresent(builder::queueWait);
        variables.number("MODULE_CACHE_BYTES").ifPresent(builder::moduleCacheBytes);
        variables
                .text("COMPILE_CACHE_DIR")
                .ifPresent(dir -> builder.compileCacheDir(dir.equals("none") ? null : Path.of(dir)));
        variables.number("INTERPRET_ABOVE_BYTES").ifPresent(builder::interpretAboveBytes);
        variables.millis("IDLE_TIMEOUT_MS").ifPresent(builder::idleTimeout);
        builder.warmUp(variables.millis("WARM_UP_MS").orElse(Duration.ofMillis(STANDALONE_WARM_UP_MILLIS)));
        variables.integer("MAX_REQUEST_HEADER_BYTES").ifPresent(builder::maxRequestHeaderBytes);
        variables.integer("MAX_REQUEST_LINE_BYTES").ifPresent(builder::maxRequestLineBytes);
        variables.text("TLS_CA_FILES").ifPresent(files -> builder.trustedCertificates(caFiles(files)));
        variables
                .bool("EGRESS_ALLOW_SPECIAL_RANGES_FOR_NAMES")
                .ifPresent(allow ->
                        builder.egressOperator(EgressOperatorConfig.defaults().withSpecialRangesForNames(allow)));
        var heartbeat = HeartbeatSettings.defaults();
        heartbeat = variables
                .text("ID")
                .map(id -> {
                    try {
                        return HeartbeatSettings.defaults().withInvokerId(id);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("SOCKEYE_INVOKER_ID: " + e.getMessage());
                    }
                })
                .orElse(heartbeat);
        heartbeat = variables
                .millis("HEARTBEAT_INTERVAL_MS")
                .map(heartbeat::withInterval)
                .orElse(heartbeat);
        heartbeat = variables
                .integer("HEARTBEAT_STALE_AFTER")
                .map(heartbeat::withStaleAfterIntervals)
                .orElse(heartbeat);
        heartbeat = variables
                .number("HEARTBEAT_PRUNE_AFTER_SECONDS")
                .map(Duration::ofSeconds)
                .map(heartbeat::withPruneAfter)
                .orElse(heartbeat);
        return builder.heartbeat(heartbeat).build();
    }

    /** The certificates of a comma-separated file list; a bad file is an error naming the variable and the file. */
    private static List<X509Certificate> caFiles(String files) {
        var paths = Arrays.stream(files.split(","))
                .map(String::strip)
                .filter(file -> !file.isEmpty())
                .map(Path::of)
                .toList();
        try {
            return CertificateFiles.read(paths);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SOCKEYE_INVOKER_TLS_CA_FILES: " + e.getMessage());
        }
    }

    /** Reads {@code SOCKEYE_INVOKER_<key>}; a value that is not a number is an error naming the variable. */
    private record EnvironmentVariables(Map<String, String> env) {
        Optional<String> text(String key) {
            return Optional.ofNullable(env.get("SOCKEYE_INVOKER_" + key)).map(String::strip);
        }

        Optional<Long> number(String key) {
            return text(key).map(value -> {
                try {
                    return Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "SOCKEYE_INVOKER_" + key + " must be a whole number, was '" + value + "'");
                }
            });
        }

        /** Only {@code true} or {@code false}: a typo must not leave a security setting at a value nobody chose. */
        Optional<Boolean> bool(String key) {
            return text(key).map(value -> switch (value) {
                case "true" -> true;
                case "false" -> false;
                default ->
                    throw new IllegalArgumentException(
                            "SOCKEYE_INVOKER_" + key + " must be true or false, was '" + value + "'");
            });
        }

        Optional<Integer> integer(String key) {
            return number(key).map(Math::toIntExact);
        }

        Optional<Duration> millis(String key) {
            return number(key).map(Duration::ofMillis);
        }
    }

    /** Starts from the documented defaults; {@link #build} checks the result. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private int globalConcurrency = 1000;
        private int queueCapacity = 1000;
        private Duration queueWait = Duration.ofSeconds(5);
        private Duration retryAfter = Duration.ofSeconds(1);
        private long moduleCacheBytes = 256L << 20;
        private Path compileCacheDir = Path.of(System.getProperty("java.io.tmpdir"), "sockeye-compile-cache");
        private long interpretAboveBytes = 256 * 1024;
        private SandboxLimits sandboxLimits = SandboxLimits.DEFAULTS;
        private int responseWindowBytes = 256 * 1024;
        private int requestHighWaterBytes = 256 * 1024;
        private int maxHeaderBytes = 64 * 1024;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private int maxRequestHeaderBytes = 8 * 1024;
        private int maxRequestLineBytes = 4 * 1024;
        private int maxLogLines = 1000;
        private String healthPath = "/health";
        private String metricsPath = "/metrics";
        private List<X509Certificate> trustedCertificates = List.of();
        private EgressOperatorConfig egressOperator = EgressOperatorConfig.defaults();
        private HeartbeatSettings heartbeat;
        private Duration warmUp = Duration.ZERO;

        private Builder() {}

        private Builder(InvokerConfig config) {
            host = config.host;
            port = config.port;
            globalConcurrency = config.globalConcurrency;
            queueCapacity = config.queueCapacity;
            queueWait = config.queueWait;
            retryAfter = config.retryAfter;
            moduleCacheBytes = config.moduleCacheBytes;
            compileCacheDir = config.compileCacheDir;
            interpretAboveBytes = config.interpretAboveBytes;
            sandboxLimits = config.sandboxLimits;
            responseWindowBytes = config.responseWindowBytes;
            requestHighWaterBytes = config.requestHighWaterBytes;
            maxHeaderBytes = config.maxHeaderBytes;
            idleTimeout = config.idleTimeout;
            maxRequestHeaderBytes = config.maxRequestHeaderBytes;
            maxRequestLineBytes = config.maxRequestLineBytes;
            maxLogLines = config.maxLogLines;
            healthPath = config.healthPath;
            metricsPath = config.metricsPath;
            trustedCertificates = config.trustedCertificates;
            egressOperator = config.egressOperator;
            heartbeat = config.heartbeat;
            warmUp = config.warmUp;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder globalConcurrency(int value) {
            globalConcurrency = value;
            return this;
        }

        public Builder queueCapacity(int value) {
            queueCapacity = value;
            return this;
        }

        public Builder queueWait(Duration value) {
            queueWait = value;
            return this;
        }

        public Builder moduleCacheBytes(long value) {
            moduleCacheBytes = value;
            return this;
        }

        /** Where compiled classes persist across restarts; null keeps them in memory only. */
        public Builder compileCacheDir(Path value) {
            compileCacheDir = value;
            return this;
        }

        public Builder interpretAboveBytes(long value) {
            interpretAboveBytes = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder maxRequestHeaderBytes(int value) {
            maxRequestHeaderBytes = value;
            return this;
        }

        public Builder maxRequestLineBytes(int value) {
            maxRequestLineBytes = value;
            return this;
        }

        public Builder sandboxLimits(SandboxLimits value) {
            sandboxLimits = value;
            return this;
        }

        /** Null when the host process serves metrics itself (the platform's /q/metrics). */
        public Builder metricsPath(String value) {
            metricsPath = value;
            return this;
        }

        /** CAs host TLS trusts beyond the JDK's. */
        public Builder trustedCertificates(List<X509Certificate> value) {
            trustedCertificates = value;
            return this;
        }

        /** Operator settings applied to every function's egress policy the store feeds in. */
        public Builder egressOperator(EgressOperatorConfig value) {
            egressOperator = value;
            return this;
        }

        /** How this invoker heartbeats into the policy store; by default {@link HeartbeatSettings#defaults()}. */
        public Builder heartbeat(HeartbeatSettings value) {
            heartbeat = value;
            return this;
        }

        /** How long {@link Invoker#start()} warms the request path up before listening; zero for not at all. */
        public Builder warmUp(Duration value) {
            warmUp = value;
            return this;
        }

        public InvokerConfig build() {
            return new InvokerConfig(
                    host,
                    port,
                    globalConcurrency,
                    queueCapacity,
                    queueWait,
                    retryAfter,
                    moduleCacheBytes,
                    compileCacheDir,
                    interpretAboveBytes,
                    sandboxLimits,
                    responseWindowBytes,
                    requestHighWaterBytes,
                    maxHeaderBytes,
                    idleTimeout,
                    maxRequestHeaderBytes,
                    maxRequestLineBytes,
                    maxLogLines,
                    healthPath,
                    metricsPath,
                    trustedCertificates,
                    egressOperator,
                    heartbeat == null ? HeartbeatSettings.defaults() : heartbeat,
                    warmUp);
        }
    }
}
