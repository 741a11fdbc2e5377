package dev.sockeye.deploy;

import static dev.sockeye.deploy.RenderedChart.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import dev.sockeye.invoker.InvokerConfig;
import dev.sockeye.store.config.StoreConfig;
import dev.sockeye.store.config.StoreConfigProperties;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.net.InetAddress;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** helm/sockeye rendered and linted by Helm, with its defaults and with a production-like values file. */
class ChartTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void theChartLintsCleanInStrictMode() {
        var result = new Helm(RenderedChart.CHART).lint().strict().call();

        assertThat(result.isFailed())
                .as(String.join("\n", result.getMessages()))
                .isFalse();
    }

    @Test
    void defaultsRenderTheControlPlaneTheInvokersAndWhatServesThem() {
        var chart = RenderedChart.defaults();

        assertThat(chart.names())
                .containsExactlyInAnyOrder(
                        "ConfigMap/prod-sockeye-control-plane",
                        "ConfigMap/prod-sockeye-invoker",
                        "Deployment/prod-sockeye-control-plane",
                        "Service/prod-sockeye-control-plane",
                        "PodDisruptionBudget/prod-sockeye-control-plane",
                        "Deployment/prod-sockeye-invoker",
                        "Service/prod-sockeye-invoker",
                        "PodDisruptionBudget/prod-sockeye-invoker",
                        "HorizontalPodAutoscaler/prod-sockeye-invoker",
                        "Ingress/prod-sockeye-api",
                        "Ingress/prod-sockeye-triggers");
        assertThat(chart.deployment("control-plane").getSpec().getReplicas()).isEqualTo(2);
        // The HPA owns the invokers' replica count.
        assertThat(chart.deployment("invoker").getSpec().getReplicas()).isNull();
        assertThat(container(chart.deployment("control-plane")).getImage()).isEqualTo("sockeye/platform:0.1.0");
        assertThat(container(chart.deployment("invoker")).getImage()).isEqualTo("sockeye/invoker:0.1.0");
    }

    @Test
    void theControlPlaneServesNoTriggersAndIsProbedOnQuarkusHealth() {
        var chart = RenderedChart.defaults();
        Container controlPlane = container(chart.deployment("control-plane"));

        assertThat(chart.environment("control-plane"))
                .containsEntry("SOCKEYE_INVOKER_EMBEDDED", "false")
                .containsEntry("SOCKEYE_HOME", "/var/cache/sockeye")
                .containsEntry("SOCKEYE_BOOTSTRAP_CREATE_ADMIN_TOKEN", "true")
                .doesNotContainKey("SOCKEYE_BOOTSTRAP_ADMIN_TOKEN");
        assertProbe(controlPlane.getStartupProbe(), "/q/health/started");
        assertProbe(controlPlane.getLivenessProbe(), "/q/health/live");
        assertProbe(controlPlane.getReadinessProbe(), "/q/health/ready");
    }

    @Test
    void invokersAreProbedOnTheirHealthEndpointAndDrainBeforeStopping() {
        Container invoker = container(RenderedChart.defaults().deployment("invoker"));

        assertProbe(invoker.getStartupProbe(), "/health", "metrics");
        assertProbe(invoker.getLivenessProbe(), "/health", "metrics");
        assertProbe(invoker.getReadinessProbe(), "/health/ready", "metrics");
        assertThat(invoker.getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(5L);
    }

    @Test
    void invokersServeMetricsAndProbesOnAPortOfTheirOwnAndDrainWithinTheGracePeriod() {
        var chart = RenderedChart.defaults();
        Container invoker = container(chart.deployment("invoker"));
        Map<String, String> environment = chart.environment("invoker");

        assertThat(environment)
                .containsEntry("SOCKEYE_METRICS_PORT", "9090")
                .containsEntry("SOCKEYE_INVOKER_DRAIN_SECONDS", "22");
        assertThat(invoker.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo("metrics");
            assertThat(port.getContainerPort()).isEqualTo(9090);
        });
        // 5 s pre-stop sleep + 22 s drain + 3 s for interrupted runs to answer = the 30 s grace period.
        assertThat(chart.deployment("invoker").getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isEqualTo(30L);
    }

    @Test
    void withoutAMetricsPortTheInvokersAreProbedOnTheTriggerPort() {
        var chart = RenderedChart.render(template -> template.set("invoker.metricsPort", "0"));
        Container invoker = container(chart.deployment("invoker"));

        assertThat(chart.environment("invoker")).doesNotContainKey("SOCKEYE_METRICS_PORT");
        assertProbe(invoker.getReadinessProbe(), "/health/ready", "http");
        assertThat(invoker.getPorts()).extracting(port -> port.getName()).containsExactly("http");
    }

    @Test
    void bothComponentsLogOneJsonObjectPerLineUnlessTextIsAskedFor() {
        for (String component : List.of("control-plane", "invoker")) {
            assertThat(RenderedChart.defaults().environment(component))
                    .as(component)
                    .containsEntry("SOCKEYE_LOG_FORMAT", "json");
            assertThat(RenderedChart.render(template -> template.set("logFormat", "text"))
                            .environment(component))
                    .as(component)
                    .containsEntry("SOCKEYE_LOG_FORMAT", "text");
        }
        assertThatThrownBy(() -> RenderedChart.render(template -> template.set("logFormat", "yaml")))
                .hasMessageContaining("logFormat must be json or text, was 'yaml'");
    }

    @Test
    void aDrainLongerThanTheGracePeriodIsRefused() {
        assertThatThrownBy(() -> RenderedChart.render(template -> template.set("invoker.drainSeconds", "25")))
                .hasMessageContaining(
                        "invoker.terminationGracePeriodSeconds 30 is shorter than preStopSleepSeconds + drainSeconds + 3 = 33");
    }

    @ParameterizedTest
    @ValueSource(strings = {"control-plane", "invoker"})
    void podsRunAsNonRootOnAReadOnlyRootWithAWritableCache(String component) {
        Deployment deployment = RenderedChart.defaults().deployment(component);
        var pod = deployment.getSpec().getTemplate().getSpec();
        Container container = container(deployment);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getVolumeMounts())
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/var/cache/sockeye"))
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getVolumes())
                .allSatisfy(volume -> assertThat(volume.getEmptyDir()).isNotNull());
    }

    @Test
    void resourcesAreTheSizedDefaults() {
        var chart = RenderedChart.defaults();
        var controlPlane = container(chart.deployment("control-plane")).getResources();
        var invoker = container(chart.deployment("invoker")).getResources();

        assertThat(controlPlane.getRequests()).containsEntry("cpu", new Quantity("250m"));
        assertThat(controlPlane.getRequests()).containsEntry("memory", new Quantity("512Mi"));
        assertThat(controlPlane.getLimits()).containsEntry("memory", new Quantity("1Gi"));
        assertThat(invoker.getRequests()).containsEntry("cpu", new Quantity("1"));
        assertThat(invoker.getRequests()).containsEntry("memory", new Quantity("2Gi"));
        assertThat(invoker.getLimits()).containsEntry("memory", new Quantity("2Gi"));
    }

    @Test
    void bothComponentsReadPostgresAndTheSecretKeysFromSecrets() {
        var chart = RenderedChart.defaults();
        for (String component : List.of("control-plane", "invoker")) {
            assertThat(chart.environment(component))
                    .as(component)
                    .containsEntry("SOCKEYE_DB_URL", "jdbc:postgresql://postgres:5432/sockeye")
                    .containsEntry("SOCKEYE_DB_USER", "sockeye")
                    .containsEntry("SOCKEYE_DB_PASSWORD", "secret:sockeye-db/password")
                    .containsEntry("SOCKEYE_SECRETS_ACTIVE_KEY", "k1")
                    .containsEntry("SOCKEYE_SECRETS_KEY_K1", "secret:sockeye-secret-keys/k1");
        }
    }

    @Test
    void theDefaultHpaScalesInvokersOnCpuAndPdbsKeepAllButOnePodUp() {
        var chart = RenderedChart.defaults();
        var hpa = chart.get(HorizontalPodAutoscaler.class, "HorizontalPodAutoscaler", "invoker");

        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("prod-sockeye-invoker");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(20);
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(metric -> {
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        });
        for (String component : List.of("control-plane", "invoker")) {
            var pdb = chart.get(PodDisruptionBudget.class, "PodDisruptionBudget", component);
            assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
            assertThat(pdb.getSpec().getSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", component);
        }
    }

    @Test
    void theApiIngressLeadsToTheControlPlaneAndTheTriggersIngressToTheInvokers() {
        var chart = RenderedChart.withValuesFile("values-production.yaml");
        Ingress api = chart.get(Ingress.class, "Ingress", "api");
        Ingress triggers = chart.get(Ingress.class, "Ingress", "triggers");

        assertThat(api.getSpec().getRules().getFirst().getHost()).isEqualTo("api.sockeye.test");
        assertThat(backend(api)).isEqualTo("prod-sockeye-control-plane");
        assertThat(api.getSpec().getTls().getFirst().getSecretName()).isEqualTo("api-tls");
        assertThat(triggers.getSpec().getRules().getFirst().getHost()).isEqualTo("run.sockeye.test");
        assertThat(backend(triggers)).isEqualTo("prod-sockeye-invoker");
        assertThat(triggers.getSpec().getIngressClassName()).isEqualTo("nginx");
        Service service = chart.get(Service.class, "Service", "invoker");
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "invoker");
    }

    @Test
    void valuesReachTheInvokersEnvironmentAsTheInvokerReadsIt() {
        var chart = RenderedChart.withValuesFile("values-production.yaml");
        Map<String, String> environment = chart.environment("invoker");

        InvokerConfig config = InvokerConfig.fromEnvironment(environment);
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.globalConcurrency()).isEqualTo(250);
        assertThat(config.queueCapacity()).isEqualTo(100);
        assertThat(config.queueWait()).hasMillis(2000);
        assertThat(config.moduleCacheBytes()).isEqualTo(512L << 20);
        assertThat(config.interpretAboveBytes()).isEqualTo(128L << 10);
        assertThat(config.compileCacheDir()).hasToString("/var/cache/sockeye/compile-cache");
        assertThat(environment.get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=70");
        assertThat(container(chart.deployment("invoker")).getImage())
                .isEqualTo("registry.example.com/sockeye/invoker:1.2.3");
    }

    @Test
    void valuesReachBothComponentsStoreSettingsAsTheStoreReadsThem() {
        var chart = RenderedChart.withValuesFile("values-production.yaml");
        for (String component : List.of("control-plane", "invoker")) {
            Map<String, String> environment = chart.environment(component);
            assertThat(environment)
                    .as(component)
                    .containsEntry("SOCKEYE_DB_USER", "secret:prod-sockeye-db-app/username")
                    .containsEntry("SOCKEYE_DB_PASSWORD", "secret:prod-sockeye-db-app/password")
                    .containsEntry("SOCKEYE_SECRETS_KEY_K1", "secret:prod-keys/k1")
                    .containsEntry("SOCKEYE_SECRETS_KEY_K2", "secret:prod-keys/k2");

            StoreConfig store =
                    StoreConfigProperties.parse(StoreConfigProperties.fromEnvironment(withSecrets(environment)));
            assertThat(store.postgres())
                    .isEqualTo(new StoreConfig.Postgres.External(
                            "jdbc:postgresql://prod-sockeye-db-rw:5432/sockeye",
                            "from-secret",
                            "from-secret",
                            Map.of("sslmode", "verify-full")));
            assertThat(store.poolSize()).isEqualTo(12);
            assertThat(store.secretKeys().activeKeyId()).isEqualTo("k2");
            assertThat(store.secretKeys().keysById()).containsOnlyKeys("k1", "k2");
        }
    }

    @Test
    void aSuppliedAdminTokenReplacesTheGeneratedOne() {
        var chart = RenderedChart.withValuesFile("values-production.yaml");

        assertThat(chart.environment("control-plane"))
                .containsEntry("SOCKEYE_BOOTSTRAP_ADMIN_TOKEN", "secret:prod-admin-token/token")
                .containsEntry("SOCKEYE_BOOTSTRAP_CREATE_ADMIN_TOKEN", "false");
        assertThat(chart.deployment("control-plane").getSpec().getReplicas()).isEqualTo(3);
        assertThat(container(chart.deployment("control-plane")).getResources().getLimits())
                .containsEntry("memory", new Quantity("1536Mi"));
    }

    @Test
    void theHpaAlsoScalesOnInFlightRunsWhenAnAdapterServesThem() {
        var hpa = RenderedChart.withValuesFile("values-production.yaml")
                .get(HorizontalPodAutoscaler.class, "HorizontalPodAutoscaler", "invoker");

        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(4);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(40);
        assertThat(hpa.getSpec().getMetrics()).hasSize(2).anySatisfy(metric -> {
            assertThat(metric.getType()).isEqualTo("Pods");
            assertThat(metric.getPods().getMetric().getName()).isEqualTo("sockeye_invocations_in_flight");
            assertThat(metric.getPods().getTarget().getAverageValue()).isEqualTo(new Quantity("150"));
        });
    }

    @Test
    void withoutAutoscalingTheInvokersHaveAFixedReplicaCount() {
        var chart = RenderedChart.render(
                template -> template.set("invoker.autoscaling.enabled", "false").set("invoker.replicas", "5"));

        assertThat(chart.has("HorizontalPodAutoscaler")).isFalse();
        assertThat(chart.deployment("invoker").getSpec().getReplicas()).isEqualTo(5);
    }

    @Test
    void theNetworkPolicyKeepsInvokersFromClusterRangesAndTheMetadataAddress() throws Exception {
        var policy = RenderedChart.withValuesFile("values-production.yaml")
                .get(NetworkPolicy.class, "NetworkPolicy", "invoker-egress");

        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "invoker");
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
        var internet = policy.getSpec().getEgress().getFirst().getTo().stream()
                .map(NetworkPolicyPeer::getIpBlock)
                .filter(block -> block.getCidr().equals("0.0.0.0/0"))
                .findFirst()
                .orElseThrow();
        for (String blocked : List.of("169.254.169.254", "10.96.0.1", "172.20.0.5", "192.168.1.1", "127.0.0.1")) {
            assertThat(internet.getExcept())
                    .as(blocked)
                    .anySatisfy(cidr -> assertThat(contains(cidr, blocked)).isTrue());
        }
        assertThat(internet.getExcept())
                .noneSatisfy(cidr -> assertThat(contains(cidr, "93.184.215.14")).isTrue());
        var rules = policy.getSpec().getEgress();
        assertThat(rules)
                .anySatisfy(rule -> assertThat(rule.getPorts())
                        .anySatisfy(
                                port -> assertThat(port.getPort().getIntVal()).isEqualTo(53)));
        assertThat(rules).anySatisfy(rule -> {
            assertThat(rule.getPorts())
                    .singleElement()
                    .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(5432));
            assertThat(rule.getTo().getFirst().getPodSelector().getMatchLabels())
                    .containsEntry("cnpg.io/cluster", "prod-sockeye-db");
        });
    }

    @Test
    void optionalPartsRenderWhenEnabled() {
        var chart = RenderedChart.withValuesFile("values-production.yaml");

        var cluster = chart.custom("Cluster", "db");
        assertThat(cluster.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(cluster.<Integer>get("spec", "instances")).isEqualTo(3);
        assertThat(cluster.<String>get("spec", "storage", "size")).isEqualTo("50Gi");
        var invokerMonitor = chart.custom("ServiceMonitor", "invoker");
        assertThat(invokerMonitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat(invokerMonitor.<String>get("spec", "endpoints", 0, "path")).isEqualTo("/metrics");
        assertThat(invokerMonitor.<String>get("spec", "endpoints", 0, "port")).isEqualTo("metrics");
        var controlPlaneMonitor = chart.custom("ServiceMonitor", "control-plane");
        assertThat(controlPlaneMonitor.<String>get("spec", "endpoints", 0, "path"))
                .isEqualTo("/q/metrics");
        assertThat(controlPlaneMonitor.<String>get("spec", "endpoints", 0, "bearerTokenSecret", "name"))
                .isEqualTo("prod-metrics-token");
    }

    @Test
    void extraCasOfGuestTlsAreMountedFromASecretAndAConfigMapAndListedForTheInvoker() {
        var chart = RenderedChart.render(template -> template.set("guestTls.extraCAs[0].secretName", "internal-ca")
                .set("guestTls.extraCAs[0].key", "ca.crt")
                .set("guestTls.extraCAs[1].configMapName", "partner-cas")
                .set("guestTls.extraCAs[1].key", "ca.crt"));
        Deployment deployment = chart.deployment("invoker");
        var pod = deployment.getSpec().getTemplate().getSpec();

        assertThat(container(deployment).getVolumeMounts())
                .filteredOn(mount -> mount.getName().equals("tls-ca"))
                .singleElement()
                .satisfies(mount -> {
                    assertThat(mount.getMountPath()).isEqualTo("/etc/sockeye/tls-ca");
                    assertThat(mount.getReadOnly()).isTrue();
                });
        var sources = pod.getVolumes().stream()
                .filter(volume -> volume.getName().equals("tls-ca"))
                .findFirst()
                .orElseThrow()
                .getProjected()
                .getSources();
        assertThat(sources).hasSize(2);
        assertThat(sources.get(0).getSecret().getName()).isEqualTo("internal-ca");
        assertThat(sources.get(0).getSecret().getItems())
                .singleElement()
                .satisfies(item -> assertThat(item.getPath()).isEqualTo("0-ca.crt"));
        assertThat(sources.get(1).getConfigMap().getName()).isEqualTo("partner-cas");
        assertThat(sources.get(1).getConfigMap().getItems())
                .singleElement()
                .satisfies(item -> assertThat(item.getPath()).isEqualTo("1-ca.crt"));
        Map<String, String> environment = chart.environment("invoker");
        assertThat(environment)
                .containsEntry(
                        "SOCKEYE_INVOKER_TLS_CA_FILES", "/etc/sockeye/tls-ca/0-ca.crt,/etc/sockeye/tls-ca/1-ca.crt");
        assertThatThrownBy(() -> InvokerConfig.fromEnvironment(environment))
                .as("the invoker reads these files (absent on this machine) at start")
                .hasMessageStartingWith("SOCKEYE_INVOKER_TLS_CA_FILES: /etc/sockeye/tls-ca/0-ca.crt: cannot read it");
        assertThat(chart.environment("control-plane"))
                .as("the control plane runs no guests")
                .doesNotContainKey("SOCKEYE_TLS_CA_FILES");
    }

    @Test
    void withoutExtraCasNothingIsMountedAndTheInvokersTrustTheJdksCas() {
        var chart = RenderedChart.defaults();

        assertThat(chart.environment("invoker")).doesNotContainKey("SOCKEYE_INVOKER_TLS_CA_FILES");
        assertThat(chart.deployment("invoker").getSpec().getTemplate().getSpec().getVolumes())
                .noneSatisfy(volume -> assertThat(volume.getName()).isEqualTo("tls-ca"));
    }

    @Test
    void anExtraCaFromBothASecretAndAConfigMapIsRefusedWithItsIndex() {
        assertThatThrownBy(() -> RenderedChart.render(template -> template.set("guestTls.extraCAs[0].secretName", "a")
                        .set("guestTls.extraCAs[0].configMapName", "b")
                        .set("guestTls.extraCAs[0].key", "ca.crt")))
                .hasMessageContaining("guestTls.extraCAs[0]: set exactly one of secretName and configMapName");
        assertThatThrownBy(() -> RenderedChart.render(template -> template.set("guestTls.extraCAs[0].secretName", "a")))
                .hasMessageContaining("guestTls.extraCAs[0]: key is required");
    }

    @Test
    void specialRangesForNamesStayRefusedUnlessTheOperatorLiftsThemOnTheInvokers() {
        assertThat(InvokerConfig.fromEnvironment(RenderedChart.defaults().environment("invoker"))
                        .egressOperator()
                        .allowSpecialRangesForNames())
                .isFalse();

        var lifted = RenderedChart.render(template -> template.set("egress.allowSpecialRangesForNames", "true"));

        assertThat(lifted.environment("invoker"))
                .containsEntry("SOCKEYE_INVOKER_EGRESS_ALLOW_SPECIAL_RANGES_FOR_NAMES", "true");
        assertThat(InvokerConfig.fromEnvironment(lifted.environment("invoker"))
                        .egressOperator()
                        .allowSpecialRangesForNames())
                .isTrue();
    }

    @Test
    void heartbeatValuesReachTheInvokersAsTheInvokerReadsThem() {
        var chart = RenderedChart.render(template -> template.set("invoker.heartbeat.intervalMs", "2000")
                .set("invoker.heartbeat.staleAfterIntervals", "4")
                .set("invoker.heartbeat.pruneAfterSeconds", "600"));

        var heartbeat =
                InvokerConfig.fromEnvironment(chart.environment("invoker")).heartbeat();

        assertThat(heartbeat.interval()).hasMillis(2000);
        assertThat(heartbeat.staleAfterIntervals()).isEqualTo(4);
        assertThat(heartbeat.pruneAfter()).hasSeconds(600);
        assertThat(InvokerConfig.fromEnvironment(RenderedChart.defaults().environment("invoker"))
                        .heartbeat()
                        .staleAfter())
                .as("the chart's defaults are the invoker's")
                .isEqualTo(InvokerConfig.HeartbeatSettings.defaults().staleAfter());
    }

    @Test
    void anActiveKeyThatIsNotAmongTheKeysIsRefusedWithItsName() {
        assertThatThrownBy(() -> RenderedChart.render(template -> template.set("secretKeys.activeKey", "k9")))
                .hasMessageContaining("secretKeys.activeKey k9 is not one of secretKeys.keyIds");
    }

    @Test
    void aKeyIdThatAnEnvironmentVariableCannotCarryIsRefused() {
        assertThatThrownBy(() -> RenderedChart.render(template ->
                        template.set("secretKeys.keyIds[0]", "Key-1").set("secretKeys.activeKey", "Key-1")))
                .hasMessageContaining("\"Key-1\" must be lower-case letters and digits");
    }

    private static void assertProbe(Probe probe, String path) {
        assertProbe(probe, path, "http");
    }

    private static void assertProbe(Probe probe, String path, String port) {
        assertThat(probe).as("probe on " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo(port);
    }

    private static String backend(Ingress ingress) {
        return ingress.getSpec()
                .getRules()
                .getFirst()
                .getHttp()
                .getPaths()
                .getFirst()
                .getBackend()
                .getService()
                .getName();
    }

    /** The environment with each Secret reference replaced by a value of the right form. */
    private static Map<String, String> withSecrets(Map<String, String> environment) {
        Map<String, String> resolved = new HashMap<>(environment);
        resolved.replaceAll((name, value) ->
                value.startsWith("secret:") ? (name.startsWith("SOCKEYE_SECRETS_KEY_") ? KEY : "from-secret") : value);
        return resolved;
    }

    private static boolean contains(String cidr, String address) {
        try {
            String[] parts = cidr.split("/");
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] candidate = InetAddress.getByName(address).getAddress();
            if (network.length != candidate.length) {
                return false;
            }
            int bits = Integer.parseInt(parts[1]);
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((network[i / 8] & mask) != (candidate[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(cidr + " or " + address + " is not an address", e);
        }
    }
}
