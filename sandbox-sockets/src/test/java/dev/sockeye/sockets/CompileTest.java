package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.compiler.Cache;
import dev.sockeye.sockets.GuestOutcome.Kind;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.testing.GuestRun;
import dev.sockeye.sockets.testing.Guests;
import dev.sockeye.sockets.testing.HugeComputation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compiling a module splits functions too big for one JVM method so that they run compiled, and tells how many
 * functions were still left to the interpreter, also on a cache hit.
 */
class CompileTest {
    static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().build();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void aFunctionTooBigForOneJvmMethodIsSplitAndRunsCompiled() throws Exception {
        CompiledGuest guest = sandbox.compile(Guests.bytes("huge_function"));

        assertThat(guest.interpretedFunctions()).isZero();
        assertThat(exitOf(guest)).isZero();
    }

    @Test
    void aSplitFunctionComputesWhatTheInterpreterComputes() {
        byte[] wasm = HugeComputation.bytes(6000);
        CompiledGuest compiled = sandbox.compile(wasm);

        assertThat(compiled.interpretedFunctions()).isZero();
        for (int n : new int[] {1, 3, 8}) {
            assertThat(compute(compiled, n)).isEqualTo(compute(sandbox.interpret(wasm), n));
        }
    }

    @Test
    void aFunctionTheSplitDoesNotReachIsCountedAsInterpretedAndStillRuns() throws Exception {
        // the SIMD path leaves a huge function without v128 to the interpreter, as before splitting existed
        CompiledGuest guest = sandbox.compile(Guests.bytes("huge_function_simd"));

        assertThat(guest.interpretedFunctions()).isEqualTo(1);
        assertThat(exitOf(guest)).isEqualTo(42);
    }

    @Test
    void anOrdinaryModuleCompilesEveryFunction() {
        assertThat(sandbox.compile(Guests.bytes("tcp_echo_client")).interpretedFunctions())
                .isZero();
    }

    @Test
    void theInterpretedFormInterpretsEveryFunction() {
        byte[] wasm = Guests.bytes("huge_function");

        assertThat(sandbox.interpret(wasm).interpretedFunctions())
                .isEqualTo(Sandbox.inspect(wasm).functionCount())
                .isEqualTo(2);
    }

    @Test
    void aCacheHitKnowsTheCountAndRunsTheStoredClasses() throws Exception {
        var cache = new MapCache();
        byte[] wasm = Guests.bytes("huge_function_simd");
        sandbox.compile(wasm, cache);
        assertThat(cache.entries).hasSize(1);
        byte[] stored = cache.entries.values().iterator().next();

        CompiledGuest fromCache = sandbox.compile(wasm, cache);

        assertThat(cache.entries).hasSize(1).containsValue(stored);
        assertThat(cache.hits).isEqualTo(1);
        assertThat(fromCache.interpretedFunctions()).isEqualTo(1);
        assertThat(exitOf(fromCache)).isEqualTo(42);
    }

    @Test
    void anEntryThatIsNotOursIsCompiledAfresh() throws Exception {
        var cache = new MapCache();
        byte[] wasm = Guests.bytes("huge_function_simd");
        sandbox.compile(wasm, cache);
        String key = cache.entries.keySet().iterator().next();
        cache.entries.put(key, new byte[] {'P', 'K', 3, 4, 0, 0});

        CompiledGuest guest = sandbox.compile(wasm, cache);

        assertThat(guest.interpretedFunctions()).isEqualTo(1);
        assertThat(exitOf(guest)).isEqualTo(42);
    }

    private static long compute(CompiledGuest guest, int n) {
        try (var instance = sandbox.instantiate(
                guest,
                GuestOptions.builder()
                        .guard(EgressGuard.allowAll(EgressListener.none()))
                        .build())) {
            return instance.call("compute", n)[0];
        }
    }

    private static int exitOf(CompiledGuest guest) throws Exception {
        var outcome = GuestRun.start(sandbox, guest, EgressGuard.allowAll(EgressListener.none()))
                .await();
        assertThat(outcome.kind()).isEqualTo(Kind.EXITED);
        return outcome.exitCode();
    }

    static final class MapCache implements Cache {
        final Map<String, byte[]> entries = new ConcurrentHashMap<>();
        int hits;

        @Override
        public byte[] get(String key) {
            byte[] entry = entries.get(key);
            if (entry != null) {
                hits++;
            }
            return entry;
        }

        @Override
        public void putIfAbsent(String key, byte[] data) {
            entries.putIfAbsent(key, data);
        }
    }
}
