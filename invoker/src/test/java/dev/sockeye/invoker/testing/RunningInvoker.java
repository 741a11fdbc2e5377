package dev.sockeye.invoker.testing;

import dev.sockeye.invoker.Invoker;
import dev.sockeye.invoker.InvokerConfig;
import dev.sockeye.invoker.audit.InMemoryInvocationAudit;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.invoker.registry.ServedFunction;
import dev.sockeye.invoker.registry.ServedVersion;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** An invoker on a loopback port with an in-memory audit and a Prometheus registry, plus an HTTP client. */
public final class RunningInvoker implements AutoCloseable {
    public final FunctionRegistry registry = new FunctionRegistry();
    public final InMemoryInvocationAudit audit = new InMemoryInvocationAudit(100_000);
    public final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    public final Invoker invoker;
    public final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final int port;

    public RunningInvoker(InvokerConfig config) {
        invoker = Invoker.builder(config.toBuilder().host("127.0.0.1").port(0).build(), registry)
                .meters(meters)
                .audit(audit)
                .build();
        port = invoker.start();
    }

    public RunningInvoker() {
        this(InvokerConfig.builder()
                .compileCacheDir(null)
                .moduleCacheBytes(64L << 20)
                .build());
    }

    /** Deploys wagi_probe as {@code name}, run with these arguments. */
    public ServedFunction probe(String name, String... args) {
        var function = ServedFunction.of(
                name, ServedVersion.of(Guests.bytes("wagi_probe")).withArgs(List.of(args)));
        registry.deploy(function);
        return function;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String scrape() {
        return meters.scrape();
    }

    @Override
    public void close() {
        invoker.close();
    }
}
