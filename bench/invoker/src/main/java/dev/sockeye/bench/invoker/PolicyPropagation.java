package dev.sockeye.bench.invoker;

import dev.sockeye.invoker.registry.FunctionEgress;
import dev.sockeye.invoker.registry.FunctionRegistry;
import dev.sockeye.invoker.registry.ServedFunction;
import dev.sockeye.invoker.store.StoreFunctionSource;
import dev.sockeye.sockets.egress.EgressOperatorConfig;
import dev.sockeye.sockets.egress.EgressRule;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * P5 (issue 16) and running-guest enforcement (issue 18 #1): how long after a policy write commits every invoker
 * enforces it. One embedded Postgres, the control plane's store, and N invokers' stores, each with its own pool and
 * LISTEN connection feeding its own registry through {@link StoreFunctionSource}, exactly as standalone invokers do.
 * Every guard of a running guest reads its function's policy from that registry at each decision, so the moment the
 * registry holds the new rules is the moment new and running invocations enforce them.
 *
 * <pre>java -cp ... dev.sockeye.bench.invoker.PolicyPropagation guest.wasm [writes] [invokers]</pre>
 */
public final class PolicyPropagation {
    private static final String ACTOR = "bench:p5";
    private static final String FUNCTION = "probe";

    private PolicyPropagation() {}

    public static void main(String[] args) throws Exception {
        byte[] guest = Files.readAllBytes(Path.of(args[0]));
        int writes = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int invokers = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path root = Files.createTempDirectory("sockeye-p5");
        var server = EmbeddedPostgresServer.start(root.resolve("pg"), 0);
        server.createDatabaseIfMissing("sockeye");
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 5);
        var config = new StoreConfig(
                new StoreConfig.Postgres.External(
                        server.jdbcUrl("sockeye"), EmbeddedPostgresServer.SUPERUSER, "", Map.of()),
                4,
                new SecretKeys("k1", Map.of("k1", key)),
                StoreConfig.Audit.defaults(),
                StoreConfig.ChangeFeed.defaults());
        var controlPlane = PolicyStore.openForControlPlane(config, EgressRuleValidator.singleLineRules());
        controlPlane
                .functions()
                .create(
                        new FunctionSpec(
                                FUNCTION, "bench", FunctionLimits.DEFAULTS, List.of(), TriggerVisibility.PUBLIC),
                        ACTOR);
        String sha = controlPlane.modules().upload(guest, ACTOR).sha256();
        var version = controlPlane
                .versions()
                .create(FUNCTION, new VersionSpec(sha, List.of(), Map.of(), Optional.empty()), ACTOR);
        controlPlane.functions().activate(FUNCTION, version.number());

        var registries = new ArrayList<FunctionRegistry>();
        var closing = new ArrayList<AutoCloseable>();
        for (int i = 0; i < invokers; i++) {
            var registry = new FunctionRegistry();
            var store = PolicyStore.openForInvoker(config);
            closing.add(store);
            closing.add(StoreFunctionSource.start(
                    store,
                    registry,
                    EgressOperatorConfig.defaults(),
                    root.resolve("bundles-" + i),
                    Duration.ofSeconds(5)));
            registries.add(registry);
        }
        for (var registry : registries) {
            awaitRule(registry, null);
        }

        long revision = controlPlane.egressPolicies().get(FUNCTION).revision();
        long[] allMicros = new long[writes];
        long[] eachMicros = new long[writes * invokers];
        for (int w = 0; w < writes; w++) {
            String rule = "tcp://127.0.0.1:" + (10_000 + w);
            revision =
                    controlPlane.egressPolicies().replace(FUNCTION, List.of(rule), PolicyMode.ENFORCE, revision, ACTOR);
            long committed = System.nanoTime();
            boolean[] seen = new boolean[invokers];
            int remaining = invokers;
            while (remaining > 0) {
                for (int i = 0; i < invokers; i++) {
                    if (!seen[i] && holds(registries.get(i), rule)) {
                        seen[i] = true;
                        remaining--;
                        eachMicros[w * invokers + i] = (System.nanoTime() - committed) / 1000;
                    }
                }
                if (remaining > 0) {
                    LockSupport.parkNanos(50_000);
                }
            }
            allMicros[w] = (System.nanoTime() - committed) / 1000;
        }
        report("all_invokers", allMicros);
        report("per_invoker", eachMicros);

        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        controlPlane.close();
        server.close();
    }

    private static void awaitRule(FunctionRegistry registry, String rule) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (registry.snapshot().function(FUNCTION) == null || (rule != null && !holds(registry, rule))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("invoker never loaded " + FUNCTION);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Whether the registry's policy for the function is exactly {@code rule}. */
    private static boolean holds(FunctionRegistry registry, String rule) {
        ServedFunction served = registry.snapshot().function(FUNCTION);
        return served != null
                && served.egress() instanceof FunctionEgress.Rules rules
                && rules.policy().rules().size() == 1
                && rules.policy().rules().stream().map(EgressRule::text).anyMatch(rule::equals);
    }

    private static void report(String name, long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "%s samples=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                name,
                sorted.length,
                sorted[sorted.length / 2] / 1000.0,
                sorted[(int) (sorted.length * 0.90)] / 1000.0,
                sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1000.0,
                sorted[sorted.length - 1] / 1000.0);
    }
}
