package dev.sockeye.store;

import dev.sockeye.store.functions.FunctionDefinition;
import dev.sockeye.store.functions.FunctionLimits;
import dev.sockeye.store.functions.FunctionSpec;
import dev.sockeye.store.functions.TriggerVisibility;
import dev.sockeye.store.versions.FunctionVersion;
import dev.sockeye.store.versions.VersionSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small valid inputs for tests. */
public final class Fixtures {

    public static final String ACTOR = "test:alice";

    private Fixtures() {}

    public static FunctionDefinition createFunction(PolicyStore store, String name, String... routes) {
        return store.functions()
                .create(
                        new FunctionSpec(
                                name,
                                "test function",
                                FunctionLimits.DEFAULTS,
                                List.of(routes),
                                TriggerVisibility.PUBLIC),
                        ACTOR);
    }

    /** Creates and activates a version running a module that imports {@code wasi_snapshot_preview1.fd_write}. */
    public static FunctionVersion deploy(PolicyStore store, String name, Map<String, String> env) {
        String sha256 = store.modules()
                .upload(wasmImporting("wasi_snapshot_preview1", "fd_write"), ACTOR)
                .sha256();
        FunctionVersion version = store.versions()
                .create(name, new VersionSpec(sha256, List.of("--serve"), env, Optional.empty()), ACTOR);
        store.functions().activate(name, version.number());
        return version;
    }

    /** A minimal Wasm module with one function import per (module, name) pair, all of type 0: () -> (). */
    public static byte[] wasmImporting(String... moduleAndNamePairs) {
        ByteArrayOutputStream wasm = new ByteArrayOutputStream();
        wasm.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        section(wasm, 1, new byte[] {0x01, 0x60, 0x00, 0x00});
        ByteArrayOutputStream imports = new ByteArrayOutputStream();
        imports.write(moduleAndNamePairs.length / 2);
        for (int i = 0; i < moduleAndNamePairs.length; i += 2) {
            name(imports, moduleAndNamePairs[i]);
            name(imports, moduleAndNamePairs[i + 1]);
            imports.write(0x00);
            imports.write(0x00);
        }
        section(wasm, 2, imports.toByteArray());
        return wasm.toByteArray();
    }

    private static void section(ByteArrayOutputStream wasm, int id, byte[] content) {
        wasm.write(id);
        wasm.write(content.length); // tests keep sections under 128 bytes: one LEB128 byte
        wasm.writeBytes(content);
    }

    private static void name(ByteArrayOutputStream out, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        out.write(utf8.length);
        out.writeBytes(utf8);
    }
}
