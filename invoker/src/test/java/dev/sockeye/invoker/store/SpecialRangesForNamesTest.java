package dev.sockeye.invoker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.invoker.Invoker;
import dev.sockeye.invoker.InvokerConfig;
import dev.sockeye.invoker.audit.InMemoryInvocationAudit;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.invoker.testing.Guests;
import dev.sockeye.invoker.testing.ReplyServer;
import dev.sockeye.sockets.egress.EgressDecision;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.config.SecretKeys;
import dev.sockeye.store.config.StoreConfig;
import dev.sockeye.store.database.EmbeddedPostgresServer;
import dev.sockeye.store.egress.EgressRuleValidator;
import dev.sockeye.store.egress.PolicyMode;
import dev.sockeye.store.functions.FunctionLimits;
import dev.sockeye.store.functions.FunctionSpec;
import dev.sockeye.store.functions.TriggerVisibility;
import dev.sockeye.store.versions.VersionSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SOCKEYE_INVOKER_EGRESS_ALLOW_SPECIAL_RANGES_FOR_NAMES: the standalone invoker applies it to the policies the store
 * feeds in, as the platform applies {@code sockeye.egress.allow-special-ranges-for-names}. A function allowed
 * {@code tcp://localhost:PORT} by name reaches a loopback server only on an invoker started with it.
 */
class SpecialRangesForNamesTest {
    private static final String ACTOR = "test:special-ranges";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static Path root;
    private static EmbeddedPostgresServer server;
    private static StoreConfig storeConfig;
    private static ReplyServer loopbackService;

    @BeforeAll
    static void storeAFunctionAllowedLocalhostByName() throws Exception {
        root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "special-ranges-test");
        server = EmbeddedPostgresServer.start(root.resolve("pg"), 0);
        server.createDatabaseIfMissing("sockeye");
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 3);
        storeConfig = new StoreConfig(
                new StoreConfig.Postgres.External(
                        server.jdbcUrl("sockeye"), EmbeddedPostgresServer.SUPERUSER, "", Map.of()),
                2,
                new SecretKeys("k1", Map.of("k1", key)),
                StoreConfig.Audit.defaults(),
                StoreConfig.ChangeFeed.defaults());
        loopbackService = new ReplyServer(1);
        try (var controlPlane = PolicyStore.openForControlPlane(storeConfig, EgressRuleValidator.singleLineRules())) {
            controlPlane
                    .functions()
                    .create(
                            new FunctionSpec(
                                    "dialer", "", FunctionLimits.DEFAULTS, List.of("/dial"), TriggerVisibility.PUBLIC),
                            ACTOR);
            String sha = controlPlane
                    .modules()
                    .upload(Guests.bytes("wagi_probe"), ACTOR)
                    .sha256();
            var env = Map.of("PROBE_HOST", "localhost", "PROBE_PORT", Integer.toString(loopbackService.port()));
            var version = controlPlane
                    .versions()
                    .create("dialer", new VersionSpec(sha, List.of("dial"), env, Optional.empty()), ACTOR);
            controlPlane.functions().activate("dialer", version.number());
            controlPlane
                    .egressPolicies()
                    .replace(
                            "dialer",
                            List.of("tcp://localhost:" + loopbackService.port()),
                            PolicyMode.ENFORCE,
                            0,
                            ACTOR);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        loopbackService.close();
        server.close();
    }

    @Test
    void byDefaultANameRuleDoesNotReachLoopback() throws Exception {
        var audit = new InMemoryInvocationAudit(100);

        var response = dialThroughAnInvokerStartedWith(Map.of(), audit);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(audit.egressDecisions())
                .as("localhost's loopback addresses are removed from the lookup's answer, and audited so")
                .anySatisfy(row -> {
                    assertThat(row.decision().verdict()).isEqualTo(EgressDecision.Verdict.DENIED);
                    assertThat(row.decision().reason()).contains("is refused for name rules");
                });
    }

    @Test
    void withTheSettingANameRuleReachesLoopback() throws Exception {
        var audit = new InMemoryInvocationAudit(100);

        var response = dialThroughAnInvokerStartedWith(
                Map.of("SOCKEYE_INVOKER_EGRESS_ALLOW_SPECIAL_RANGES_FOR_NAMES", "true"), audit);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("reply=pong ");
    }

    @Test
    void theSettingIsOffUnlessSetAndAnythingButTrueOrFalseIsOneErrorNamingIt() {
        assertThat(InvokerConfig.fromEnvironment(Map.of()).egressOperator().allowSpecialRangesForNames())
                .isFalse();
        assertThat(InvokerConfig.fromEnvironment(
                                Map.of("SOCKEYE_INVOKER_EGRESS_ALLOW_SPECIAL_RANGES_FOR_NAMES", "false"))
                        .egressOperator()
                        .allowSpecialRangesForNames())
                .isFalse();
        assertThatThrownBy(() -> InvokerConfig.fromEnvironment(
                        Map.of("SOCKEYE_INVOKER_EGRESS_ALLOW_SPECIAL_RANGES_FOR_NAMES", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SOCKEYE_INVOKER_EGRESS_ALLOW_SPECIAL_RANGES_FOR_NAMES must be true or false, was 'yes'");
    }

    /** Wired as InvokerMain wires it: the store's feed takes the operator settings of the invoker's environment. */
    private static HttpResponse<String> dialThroughAnInvokerStartedWith(
            Map<String, String> environment, InMemoryInvocationAudit audit) throws Exception {
        var config = InvokerConfig.fromEnvironment(environment).toBuilder()
                .host("127.0.0.1")
                .port(0)
                .compileCacheDir(null)
                .moduleCacheBytes(1 << 26)
                .build();
        var registry = new FunctionRegistry();
        try (var store = PolicyStore.openForInvoker(storeConfig);
                var feed = StoreFunctionSource.start(
                        store, registry, config.egressOperator(), root.resolve("bundles"), Duration.ofSeconds(5));
                var invoker = Invoker.builder(config, registry)
                        .source(feed)
                        .audit(audit)
                        .build()) {
            int port = invoker.start();
            return CLIENT.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dial"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
