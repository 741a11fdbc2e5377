package dev.sockeye.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sockeye.invoker.Invoker;
import dev.sockeye.invoker.InvokerConfig;
import dev.sockeye.invoker.registry.FunctionEgress;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.invoker.registry.ServedFunction;
import dev.sockeye.invoker.registry.ServedVersion;
import dev.sockeye.sockets.egress.EgressPolicy;
import dev.sockeye.store.database.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every sockeye_* metric that deploy/grafana's dashboard and deploy/prometheus' alert rules query is one the code
 * exports: a real invoker's /metrics, scraped after it answered a request, compiled a module and denied a connect,
 * and the packaged control plane's /q/metrics (the invokers' heartbeat gauges), on a real Postgres.
 */
class MetricNamesTest {

    private static final Pattern SOCKEYE_METRIC = Pattern.compile("\\bsockeye_[a-z0-9_]+");
    private static final Path GUESTS = RenderedChart.REPO.resolve("guests/bin");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** The control plane's heartbeat gauges: the dashboard and the alerts read them from its /q/metrics. */
    private static final List<String> CONTROL_PLANE_METRICS =
            List.of("sockeye_invokers_live", "sockeye_invokers_stale", "sockeye_invokers_lagging");

    private static Invoker invoker;
    private static int port;
    private static Set<String> exported;
    private static Set<String> exportedByTheControlPlane;

    @BeforeAll
    static void startAnInvokerAndScrapeIt() throws Exception {
        var registry = new FunctionRegistry();
        registry.deploy(
                ServedFunction.of("hello", ServedVersion.of(Files.readAllBytes(GUESTS.resolve("hello_wagi.wasm")))));
        // wagi_probe's "dial" connects to PROBE_HOST:PROBE_PORT, which this policy does not allow.
        var dialer = ServedVersion.of(Files.readAllBytes(GUESTS.resolve("wagi_probe.wasm")))
                .withArgs(List.of("dial"))
                .withEnv(Map.of("PROBE_HOST", "127.0.0.1", "PROBE_PORT", "9"));
        registry.deploy(ServedFunction.of("dialer", dialer)
                .withEgress(FunctionEgress.of(EgressPolicy.parse(List.of("tcp://127.0.0.1:1")))));
        var config = InvokerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .compileCacheDir(null)
                .build();
        invoker = Invoker.builder(config, registry).build();
        port = invoker.start();
        assertThat(get("/fn/hello").statusCode()).isEqualTo(200);
        assertThat(get("/fn/dialer").statusCode()).isEqualTo(500);
        exported = metricNames(get("/metrics").body());
        exportedByTheControlPlane = metricNames(scrapeAControlPlane());
        exported.addAll(exportedByTheControlPlane);
    }

    /** The packaged control plane on an embedded Postgres, with the chart's environment; its /q/metrics. */
    private static String scrapeAControlPlane() throws Exception {
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "metric-names");
        try (var postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
            postgres.createDatabaseIfMissing("sockeye");
            int apiPort = LocalEnvironment.freePort();
            var environment = LocalEnvironment.forDatabase(postgres.jdbcUrl("sockeye"), work)
                    .controlPlane("control-plane", apiPort);
            var api = new ControlPlaneApi(apiPort);
            try (var controlPlane =
                    PackagedApp.start(PackagedApp.controlPlaneJar(), environment, work.resolve("control-plane.log"))) {
                Await.untilTrue("the control plane is ready", Await.START, () -> {
                    controlPlane.requireAlive();
                    return ControlPlaneApi.status(api.base() + "/q/health/ready") == 200;
                });
                return api.expect(200, "GET", "/q/metrics", null, null);
            }
        }
    }

    private static Set<String> metricNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.lines().toList()) {
            if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    @AfterAll
    static void stop() {
        if (invoker != null) {
            invoker.close();
        }
    }

    @Test
    void theDashboardQueriesOnlyExportedMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper()
                .readTree(RenderedChart.REPO
                        .resolve("deploy/grafana/sockeye-dashboard.json")
                        .toFile());
        List<String> expressions = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> expressions.add(expr.asText()));
        dashboard.findValues("definition").forEach(definition -> expressions.add(definition.asText()));

        Set<String> queried = sockeyeMetrics(expressions);
        assertThat(queried)
                .as("the dashboard covers invocations, latency, egress, queue, sockets, compile time")
                .contains(
                        "sockeye_invocations_total",
                        "sockeye_invocation_duration_seconds_bucket",
                        "sockeye_egress_decisions_total",
                        "sockeye_queue_depth",
                        "sockeye_invocations_in_flight",
                        "sockeye_guest_sockets_open",
                        "sockeye_guest_bytes_total",
                        "sockeye_module_compile_seconds_count");
        assertThat(queried).as("the dashboard shows the invokers' heartbeats").containsAll(CONTROL_PLANE_METRICS);
        assertThat(exported).containsAll(queried);
    }

    @Test
    void theHeartbeatGaugesComeFromTheControlPlane() {
        assertThat(exportedByTheControlPlane).containsAll(CONTROL_PLANE_METRICS);
    }

    @Test
    void theAlertRulesQueryOnlyExportedMetrics() throws IOException {
        JsonNode rules = new YAMLMapper()
                .readTree(RenderedChart.REPO
                        .resolve("deploy/prometheus/sockeye-alerts.yaml")
                        .toFile());
        List<String> expressions = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                alerts.add(rule.path("alert").asText());
                expressions.add(rule.path("expr").asText());
                assertThat(rule.path("annotations").path("runbook").asText())
                        .as(rule.path("alert").asText() + " names its runbook")
                        .startsWith("docs/operations.md#");
            }
        }

        assertThat(alerts)
                .containsExactly(
                        "SockeyeHighErrorRate",
                        "SockeyeEgressDenialSpike",
                        "SockeyeQueueSaturated",
                        "SockeyeDatabaseDown",
                        "SockeyeInvokerNotReady",
                        "SockeyeInvokerStoppedHeartbeating",
                        "SockeyeInvokerStalePolicy");
        assertThat(exported).containsAll(sockeyeMetrics(expressions));
    }

    @Test
    void everyRunbookTheAlertsNameIsAHeadingOfTheOperationsGuide() throws IOException {
        String guide = Files.readString(RenderedChart.REPO.resolve("docs/operations.md"));
        JsonNode rules = new YAMLMapper()
                .readTree(RenderedChart.REPO
                        .resolve("deploy/prometheus/sockeye-alerts.yaml")
                        .toFile());
        for (JsonNode runbook : rules.findValues("runbook")) {
            String anchor = runbook.asText().substring("docs/operations.md#".length());
            assertThat(guide.lines().filter(line -> line.startsWith("#")).map(MetricNamesTest::anchor))
                    .as(runbook.asText())
                    .contains(anchor);
        }
    }

    private static Set<String> sockeyeMetrics(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            Matcher matcher = SOCKEYE_METRIC.matcher(expression);
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        assertThat(names).as("metric names in " + expressions).isNotEmpty();
        return names;
    }

    /** GitHub's anchor of a Markdown heading: lower case, spaces to '-', punctuation dropped. */
    private static String anchor(String heading) {
        return heading.replaceFirst("^#+\\s*", "")
                .strip()
                .toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9 -]", "")
                .replace(' ', '-');
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
