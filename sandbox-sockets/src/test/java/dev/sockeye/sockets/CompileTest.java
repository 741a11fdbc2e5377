package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.compiler.Cache;
import dev.sockeye.sockets.GuestOutcome.Kind;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.testing.GuestRun;
import dev.sockeye.sockets.testing.Guests;
import dev.sockeye.sockets.testing.HugeComputation;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compiling a module splits functions too big for one JVM method so that they run compiled, and tells how many
 * functions were still left to the interpreter, also on a cache hit; a module the cache holds was validated when it
 * was compiled and is not validated again.
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
        assertThat(cache.hits)
                .as("read once to skip validating the code again, once for the classes")
                .isEqualTo(2);
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

    @Test
    void aModuleWhoseClassesTheCacheHoldsIsNotValidatedAgain() throws Exception {
        // (module (func (result i32) i32.add)): well formed, but i32.add has no operands, which validation refuses.
        byte[] invalid = {
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01,
            0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x6a, 0x0b
        };
        var cache = new MapCache();
        cache.putIfAbsent("sockeye-v3-sha-256:" + sha256(invalid), new byte[] {'S', 'O', 'C', 'K'});

        assertThatThrownBy(() -> sandbox.interpret(invalid)).isInstanceOf(GuestModuleException.class);
        assertThat(sandbox.interpret(invalid, cache).interpretedFunctions()).isEqualTo(1);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
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
