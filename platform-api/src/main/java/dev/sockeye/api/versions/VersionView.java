package dev.sockeye.api.versions;

import dev.sockeye.sockets.modules.ModuleInspection;
import dev.sockeye.store.modules.StoredModule;
import dev.sockeye.store.versions.FunctionVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A version with what its module imports and whether it uses sockets. */
@Schema(example = """
        {"function": "hello", "number": 2, "active": true,
         "module": {"sha256": "e32a5ba1a2f4463f0d4197ac3095877c1848603a7ff11ff25a58bf920beb6be4", "sizeBytes": 4389,
                    "imports": ["wasi_snapshot_preview1.fd_write", "wasi_snapshot_preview1.sock_connect"],
                    "usesSockets": true, "interpretedFunctions": 0},
         "args": ["--verbose"], "env": {"MODE": "prod"}, "filesSha256": null,
         "createdAt": "2026-11-24T00:12:00Z", "createdBy": "token:ci"}""")
public record VersionView(
        String function,
        int number,
        boolean active,
        ModuleView module,
        List<String> args,
        Map<String, String> env,
        String filesSha256,
        Instant createdAt,
        String createdBy) {

    /**
     * The module's identity and what it needs from the host.
     *
     * @param interpretedFunctions how many of its functions run in the interpreter, several times slower, because
     *     they are too big for one JVM method; null until this process's triggers have compiled the module (shortly
     *     after upload) and when the triggers are not embedded
     */
    public record ModuleView(
            String sha256, long sizeBytes, List<String> imports, boolean usesSockets, Integer interpretedFunctions) {

        static ModuleView of(StoredModule module, Integer interpretedFunctions) {
            return new ModuleView(
                    module.sha256(),
                    module.sizeBytes(),
                    module.imports(),
                    module.imports().stream().anyMatch(ModuleInspection::isSocketImport),
                    interpretedFunctions);
        }
    }

    static VersionView of(FunctionVersion version, StoredModule module, Integer interpretedFunctions, boolean active) {
        return new VersionView(
                version.functionName(),
                version.number(),
                active,
                ModuleView.of(module, interpretedFunctions),
                version.args(),
                version.env(),
                version.fileBundleSha256().orElse(null),
                version.createdAt(),
                version.createdBy());
    }
}
