package dev.sockeye.invoker;

import dev.sockeye.invoker.registry.FunctionLimits;
import dev.sockeye.sockets.limits.SandboxLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything the invoker can be configured with, and its defaults. Standalone mode reads overrides from
 * environment variables ({@link #fromEnvironment}); the platform builds it from its own configuration.
 *
 * @param host interface to listen on (default 0.0.0.0; SOCKEYE_INVOKER_HOST)
 * @param port HTTP port, 0 for any free one (default 8080; SOCKEYE_INVOKER_PORT)
 * @param functionDefaults limits of functions that set none: timeout 30 s (SOCKEYE_INVOKER_TIMEOUT_MS), memory
 *     256 pages = 16 MiB (SOCKEYE_INVOKER_MEMORY_PAGES), request body 16 MiB (SOCKEYE_INVOKER_MAX_BODY_BYTES),
 *     response body 16 MiB (SOCKEYE_INVOKER_MAX_RESPONSE_BYTES), concurrency 200 per function
 *     (SOCKEYE_INVOKER_FUNCTION_CONCURRENCY)
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
 * @param sandboxLimits socket limits of every instance (default {@link SandboxLimits#DEFAULTS})
 * @param responseWindowBytes response bytes a guest may have written ahead of the client (default 256 KiB)
 * @param requestHighWaterBytes request bytes buffered ahead of the guest before the client is paused (256 KiB)
 * @param maxHeaderBytes size limit of a guest's CGI header block (default 64 KiB)
 * @param maxLogLines stderr lines kept per invocation (default 1000)
 * @param healthPath path of the health endpoint (default /health)
 * @param metricsPath path of the Prometheus endpoint, or null when the host serves metrics itself (default
 *     /metrics standalone; embedded the platform serves /q/metrics)
 */
public record InvokerConfig(
        String host,
        int port,
        FunctionLimits functionDefaults,
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
        int maxLogLines,
        String healthPath,
        String metricsPath) {

    public static final FunctionLimits DEFAULT_FUNCTION_LIMITS =
            new FunctionLimits(Duration.ofSeconds(30), 256, 16L << 20, 200).withMaxResponseBodyBytes(16L << 20);

    public InvokerConfig {
        if (functionDefaults.timeout() == null
                || functionDefaults.maxMemoryPages() == null
                || functionDefaults.maxRequestBodyBytes() == null
                || functionDefaults.maxConcurrency() == null
                || functionDefaults.maxResponseBodyBytes() == null) {
            throw new IllegalArgumentException("functionDefaults must set every limit: " + functionDefaults);
        }
        if (port < 0 || port > 65535 || globalConcurrency < 1 || queueCapacity < 0 || moduleCacheBytes < 0) {
            throw new IllegalArgumentException("bad invoker configuration: port " + port + ", globalConcurrency "
                    + globalConcurrency + ", queueCapacity " + queueCapacity + ", moduleCacheBytes "
                    + moduleCacheBytes);
        }
    }

    /** The documented defaults. */
    public static InvokerConfig defaults() {
        return new InvokerConfig(
                "0.0.0.0",
                8080,
                DEFAULT_FUNCTION_LIMITS,
                1000,
                1000,
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                256L << 20,
                Path.of(System.getProperty("java.io.tmpdir"), "sockeye-compile-cache"),
                256 * 1024,
                SandboxLimits.DEFAULTS,
                256 * 1024,
                256 * 1024,
                64 * 1024,
                1000,
                "/health",
                "/metrics");
    }

    /** The defaults overridden by the SOCKEYE_INVOKER_* variables present in {@code env}. */
    public static InvokerConfig fromEnvironment(Map<String, String> env) {
        var d = defaults();
        Function<String, String> get = key -> env.get("SOCKEYE_INVOKER_" + key);
        String cacheDir = get.apply("COMPILE_CACHE_DIR");
        var limits = new FunctionLimits(
                        millis(get.apply("TIMEOUT_MS"), d.functionDefaults.timeout()),
                        integer(get.apply("MEMORY_PAGES"), d.functionDefaults.maxMemoryPages()),
                        number(get.apply("MAX_BODY_BYTES"), d.functionDefaults.maxRequestBodyBytes()),
                        integer(get.apply("FUNCTION_CONCURRENCY"), d.functionDefaults.maxConcurrency()))
                .withMaxResponseBodyBytes(
                        number(get.apply("MAX_RESPONSE_BYTES"), d.functionDefaults.maxResponseBodyBytes()));
        return new InvokerConfig(
                get.apply("HOST") != null ? get.apply("HOST") : d.host,
                integer(get.apply("PORT"), d.port),
                limits,
                integer(get.apply("GLOBAL_CONCURRENCY"), d.globalConcurrency),
                integer(get.apply("QUEUE_CAPACITY"), d.queueCapacity),
                millis(get.apply("QUEUE_WAIT_MS"), d.queueWait),
                d.retryAfter,
                number(get.apply("MODULE_CACHE_BYTES"), d.moduleCacheBytes),
                cacheDir == null ? d.compileCacheDir : cacheDir.equals("none") ? null : Path.of(cacheDir),
                number(get.apply("INTERPRET_ABOVE_BYTES"), d.interpretAboveBytes),
                d.sandboxLimits,
                d.responseWindowBytes,
                d.requestHighWaterBytes,
                d.maxHeaderBytes,
                d.maxLogLines,
                d.healthPath,
                d.metricsPath);
    }

    public InvokerConfig withPort(int value) {
        return new InvokerConfig(
                host,
                value,
                functionDefaults,
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
                maxLogLines,
                healthPath,
                metricsPath);
    }

    public InvokerConfig withHost(String value) {
        return new InvokerConfig(
                value,
                port,
                functionDefaults,
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
                maxLogLines,
                healthPath,
                metricsPath);
    }

    public InvokerConfig withFunctionDefaults(FunctionLimits value) {
        return new InvokerConfig(
                host,
                port,
                value,
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
                maxLogLines,
                healthPath,
                metricsPath);
    }

    public InvokerConfig withAdmission(int global, int queue, Duration wait) {
        return new InvokerConfig(
                host,
                port,
                functionDefaults,
                global,
                queue,
                wait,
                retryAfter,
                moduleCacheBytes,
                compileCacheDir,
                interpretAboveBytes,
                sandboxLimits,
                responseWindowBytes,
                requestHighWaterBytes,
                maxHeaderBytes,
                maxLogLines,
                healthPath,
                metricsPath);
    }

    public InvokerConfig withCompileCache(Path dir, long memoryBytes) {
        return new InvokerConfig(
                host,
                port,
                functionDefaults,
                globalConcurrency,
                queueCapacity,
                queueWait,
                retryAfter,
                memoryBytes,
                dir,
                interpretAboveBytes,
                sandboxLimits,
                responseWindowBytes,
                requestHighWaterBytes,
                maxHeaderBytes,
                maxLogLines,
                healthPath,
                metricsPath);
    }

    public InvokerConfig withMetricsPath(String value) {
        return new InvokerConfig(
                host,
                port,
                functionDefaults,
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
                maxLogLines,
                healthPath,
                value);
    }

    private static int integer(String text, int fallback) {
        return text == null ? fallback : Integer.parseInt(text.strip());
    }

    private static long number(String text, long fallback) {
        return text == null ? fallback : Long.parseLong(text.strip());
    }

    private static Duration millis(String text, Duration fallback) {
        return text == null ? fallback : Duration.ofMillis(Long.parseLong(text.strip()));
    }
}
