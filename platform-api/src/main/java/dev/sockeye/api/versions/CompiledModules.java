package dev.sockeye.api.versions;

import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.Sandbox;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles uploaded modules ahead, in the background (the upload does not wait for the compiler), so whoever runs
 * them next starts from compiled code. Bounded: the least recently used entries go first.
 */
@ApplicationScoped
public class CompiledModules {

    private static final int CAPACITY = 32;

    @Inject
    Sandbox sandbox;

    private final Map<String, CompiledGuest> bySha256 = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompiledGuest> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Starts compiling {@code wasm} (already validated) on a virtual thread unless it is compiled already. */
    public void compileAhead(String sha256, byte[] wasm) {
        if (get(sha256).isPresent()) {
            return;
        }
        Thread.ofVirtual().name("compile-ahead-" + sha256.substring(0, 12)).start(() -> {
            long started = System.nanoTime();
            try {
                CompiledGuest compiled = sandbox.compile(wasm);
                synchronized (bySha256) {
                    bySha256.put(sha256, compiled);
                }
                Log.infof("event=module_compiled module=%s bytes=%d ms=%d", sha256, wasm.length,
                        (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                Log.warnf("event=module_compile_failed module=%s error=\"%s\"", sha256, e.getMessage());
            }
        });
    }

    public Optional<CompiledGuest> get(String sha256) {
        synchronized (bySha256) {
            return Optional.ofNullable(bySha256.get(sha256));
        }
    }
}
