package dev.sockeye.deploy;

import dev.sockeye.store.database.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The Kubernetes deployment of the chart, on this machine: one Postgres, one control plane ({@code
 * SOCKEYE_INVOKER_EMBEDDED=false}, as the chart sets), several standalone invokers on their own loopback ports, and
 * nginx in front of the invokers as the triggers' Service. Every component is a real process, started from the
 * packaged jars with the environment the chart renders.
 */
final class LocalDeployment implements AutoCloseable {

    private static final String DATABASE = "sockeye";

    private final Path work;
    private final int postgresPort;
    private final LocalEnvironment environment;
    private final List<PackagedApp> invokers = new ArrayList<>();
    private final List<Integer> invokerPorts = new ArrayList<>();
    private final List<Integer> invokerMetricsPorts = new ArrayList<>();
    private EmbeddedPostgresServer postgres;
    private PackagedApp controlPlane;
    private ControlPlaneApi api;
    private Nginx loadBalancer;

    private LocalDeployment(Path work, EmbeddedPostgresServer postgres) {
        this.work = work;
        this.postgres = postgres;
        this.postgresPort = postgres.port();
        this.environment = LocalEnvironment.forDatabase(postgres.jdbcUrl(DATABASE), work);
    }

    /** Starts everything and waits until the control plane and every invoker are ready. */
    static LocalDeployment start(Path work, int invokerCount) throws Exception {
        var postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0);
        postgres.createDatabaseIfMissing(DATABASE);
        var deployment = new LocalDeployment(work, postgres);
        try {
            deployment.startControlPlane();
            for (int i = 0; i < invokerCount; i++) {
                deployment.startInvoker();
            }
            for (int i = 0; i < invokerCount; i++) {
                deployment.awaitInvokerHealth(i, true);
            }
            deployment.loadBalancer = Nginx.start(work.resolve("nginx"), deployment.invokerPorts);
            return deployment;
        } catch (Exception | AssertionError e) {
            deployment.close();
            throw e;
        }
    }

    private void startControlPlane() throws Exception {
        int port = LocalEnvironment.freePort();
        var variables = environment.controlPlane("control-plane", port);
        controlPlane = PackagedApp.start(PackagedApp.controlPlaneJar(), variables, work.resolve("control-plane.log"));
        api = new ControlPlaneApi(port);
        awaitControlPlaneReady();
    }

    void awaitControlPlaneReady() throws InterruptedException {
        Await.untilTrue("the control plane is ready", Await.START, () -> {
            controlPlane.requireAlive();
            return ControlPlaneApi.status(api.base() + "/q/health/ready") == 200;
        });
    }

    private void startInvoker() throws IOException {
        int index = invokers.size();
        int port = LocalEnvironment.freePort();
        Map<String, String> variables = environment.invoker("invoker-" + index, port);
        // Several JVMs share this machine: keep each heap small instead of 70 % of its memory.
        variables.merge("JAVA_TOOL_OPTIONS", " -Xmx512m", String::concat);
        invokers.add(PackagedApp.start(PackagedApp.invokerJar(), variables, work.resolve("invoker-" + index + ".log")));
        invokerPorts.add(port);
        invokerMetricsPorts.add(LocalEnvironment.metricsPort(variables));
    }

    /** Waits until invoker {@code index}'s /health reports its source live (following Postgres) or not. */
    void awaitInvokerHealth(int index, boolean live) throws InterruptedException {
        Await.untilTrue("invoker " + index + " reports live=" + live, Await.START, () -> {
            invokers.get(index).requireAlive();
            var health = ControlPlaneApi.get(invokerOperations(index) + "/health");
            return health.statusCode() == 200 && health.body().contains("\"live\":" + live);
        });
    }

    ControlPlaneApi api() {
        return api;
    }

    /** The load balancer's base URL: the triggers as a client sees them. */
    String triggers() {
        return loadBalancer.base();
    }

    int invokerCount() {
        return invokers.size();
    }

    /** Invoker {@code index}'s own base URL, bypassing the load balancer. */
    String invoker(int index) {
        return "http://127.0.0.1:" + invokerPorts.get(index);
    }

    /** Invoker {@code index}'s metrics and health port, as the chart configures it. */
    private String invokerOperations(int index) {
        return "http://127.0.0.1:" + invokerMetricsPorts.get(index);
    }

    PackagedApp invokerProcess(int index) {
        return invokers.get(index);
    }

    /** Invoker {@code index}'s sockeye_invocations_total for {@code function} and {@code status}, from its /metrics. */
    long invocations(int index, String function, int status) throws IOException, InterruptedException {
        String scrape =
                ControlPlaneApi.get(invokerOperations(index) + "/metrics").body();
        Pattern series = Pattern.compile("^sockeye_invocations_total\\{([^}]*)} ([0-9.eE+]+)$", Pattern.MULTILINE);
        Matcher matcher = series.matcher(scrape);
        long total = 0;
        while (matcher.find()) {
            String labels = matcher.group(1);
            if (labels.contains("function=\"" + function + "\"") && labels.contains("status=\"" + status + "\"")) {
                total += (long) Double.parseDouble(matcher.group(2));
            }
        }
        return total;
    }

    DataSource database() {
        return postgres.dataSource(DATABASE);
    }

    /** Stops Postgres (fast shutdown: committed data stays); {@link #startPostgres} brings it back on its port. */
    void stopPostgres() {
        postgres.close();
        postgres = null;
    }

    void startPostgres() {
        postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), postgresPort);
    }

    String logs() throws IOException {
        var text = new StringBuilder();
        if (controlPlane != null) {
            text.append("--- control plane\n").append(tail(controlPlane.log()));
        }
        for (int i = 0; i < invokers.size(); i++) {
            text.append("--- invoker ")
                    .append(i)
                    .append('\n')
                    .append(tail(invokers.get(i).log()));
        }
        if (loadBalancer != null) {
            text.append("--- nginx\n").append(tail(loadBalancer.log()));
        }
        return text.toString();
    }

    private static String tail(String log) {
        return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
    }

    @Override
    public void close() throws Exception {
        if (loadBalancer != null) {
            loadBalancer.close();
        }
        for (var invoker : invokers) {
            invoker.close();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
