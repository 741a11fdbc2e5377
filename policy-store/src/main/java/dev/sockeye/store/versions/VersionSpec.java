package dev.sockeye.store.versions;

import dev.sockeye.store.errors.StoreException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a new version runs.
 *
 * @param moduleSha256     an uploaded module
 * @param args             argv after the program name
 * @param env              environment variables (secrets are separate and never here)
 * @param fileBundleSha256 an uploaded read-only file bundle, if any
 */
public record VersionSpec(
        String moduleSha256, List<String> args, Map<String, String> env, Optional<String> fileBundleSha256) {

    public VersionSpec {
        if (moduleSha256 == null || moduleSha256.isBlank()) {
            throw new StoreException.Invalid("a version needs the sha256 of an uploaded module");
        }
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(Environment.requireValid(env));
        fileBundleSha256 = fileBundleSha256 == null ? Optional.empty() : fileBundleSha256;
    }
}
