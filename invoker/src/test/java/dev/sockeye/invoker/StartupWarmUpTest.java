package dev.sockeye.invoker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.invoker.audit.InMemoryInvocationAudit;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.invoker.registry.ServedFunction;
import dev.sockeye.invoker.registry.ServedVersion;
import dev.sockeye.invoker.testing.Guests;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up warm-up: before the invoker listens, the request path and the deployed modules are warm. */
class StartupWarmUpTest {
    private final FunctionRegistry registry = new FunctionRegistry();
    private final InMemoryInvocationAudit audit = new InMemoryInvocationAudit(100);
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private Invoker invoker(Duration warmUp) {
        var config = InvokerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .compileCacheDir(null)
                .moduleCacheBytes(64L << 20)
                .warmUp(warmUp)
                .build();
        return Invoker.builder(config, registry).meters(meters).audit(audit).build();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void deployedModulesAreCompiledBeforeTheFirstRequestAndTheWarmUpLeavesNoTrace() throws Exception {
        var hello = ServedVersion.of(Guests.bytes("hello_wagi"));
        registry.deploy(ServedFunction.of("hello", hello));
        try (var invoker = invoker(Duration.ofSeconds(2))) {
            int port = invoker.start();

            assertThat(invoker.modules().contains(hello.moduleSha256())).isTrue();
            assertThat(invoker.modules().compilations()).isEqualTo(1);
            assertThat(audit.invocations()).isEmpty();
            assertThat(audit.logLines()).isEmpty();
            assertThat(meters.scrape())
                    .doesNotContain("sockeye_invocations_total")
                    .doesNotContain("warm-up");
            assertThat(registry.names()).containsExactly("hello");

            var response = get(port, "/fn/hello");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello from sockeye\n");
            assertThat(invoker.modules().compilations()).isEqualTo(1);
            assertThat(audit.invocations())
                    .singleElement()
                    .satisfies(row -> assertThat(row.function()).isEqualTo("hello"));
        }
    }

    @Test
    void aModuleThatCannotBeCompiledDoesNotStopTheStartAndItsRequestsSayWhy() throws Exception {
        registry.deploy(ServedFunction.of("broken", ServedVersion.of(Guests.bytes("unlinkable"))));
        try (var invoker = invoker(Duration.ofSeconds(1))) {
            int port = invoker.start();

            var response = get(port, "/fn/broken");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("function broken could not be compiled");
        }
    }

    @Test
    void withoutAWarmUpTheFirstRequestCompilesTheModule() {
        var hello = ServedVersion.of(Guests.bytes("hello_wagi"));
        registry.deploy(ServedFunction.of("hello", hello));
        try (var invoker = invoker(Duration.ZERO)) {
            invoker.start();

            assertThat(invoker.modules().contains(hello.moduleSha256())).isFalse();
        }
    }

    @Test
    void theStandaloneInvokerWarmsUpUnlessTheEnvironmentSaysOtherwise() {
        assertThat(InvokerConfig.fromEnvironment(Map.of()).warmUp())
                .isEqualTo(Duration.ofMillis(InvokerConfig.STANDALONE_WARM_UP_MILLIS));
        assertThat(InvokerConfig.fromEnvironment(Map.of("SOCKEYE_INVOKER_WARM_UP_MS", "0"))
                        .warmUp())
                .isZero();
        assertThat(InvokerConfig.builder().build().warmUp()).isZero();
        assertThatThrownBy(() -> InvokerConfig.fromEnvironment(Map.of("SOCKEYE_INVOKER_WARM_UP_MS", "soon")))
                .hasMessage("SOCKEYE_INVOKER_WARM_UP_MS must be a whole number, was 'soon'");
        assertThatThrownBy(() -> InvokerConfig.fromEnvironment(Map.of("SOCKEYE_INVOKER_WARM_UP_MS", "-1")))
                .hasMessageContaining("warmUp")
                .hasMessageContaining("negative");
    }
}
