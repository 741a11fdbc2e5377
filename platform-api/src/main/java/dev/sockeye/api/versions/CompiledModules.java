package dev.sockeye.api.versions;

import dev.sockeye.sockets.CompiledGuest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Modules compiled at upload, by sha256, so whoever runs them next (the embedded invoker) starts from compiled
 * code. Bounded: the least recently used entries go first.
 */
@ApplicationScoped
public class CompiledModules {

    private static final int CAPACITY = 32;

    private final Map<String, CompiledGuest> bySha256 = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompiledGuest> eldest) {
            return size() > CAPACITY;
        }
    };

    public synchronized void put(String sha256, CompiledGuest compiled) {
        bySha256.put(sha256, compiled);
    }

    public synchronized Optional<CompiledGuest> get(String sha256) {
        return Optional.ofNullable(bySha256.get(sha256));
    }
}
