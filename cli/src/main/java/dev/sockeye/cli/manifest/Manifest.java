package dev.sockeye.cli.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A function as {@code sockeye.toml} (or the command line of {@code deploy NAME module.wasm}) describes it; paths are
 * resolved. {@code limits} uses the API's field names; null fields of this record are left as the platform has them.
 */
public record Manifest(
        String name,
        String description,
        Path module,
        Path files,
        List<String> args,
        Map<String, String> env,
        List<String> routes,
        String visibility,
        Map<String, Long> limits,
        List<String> egress,
        String egressMode) {

    public Manifest {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        limits = limits == null ? Map.of() : Map.copyOf(limits);
    }
}
