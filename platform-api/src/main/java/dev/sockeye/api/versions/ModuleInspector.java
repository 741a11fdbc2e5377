package dev.sockeye.api.versions;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.api.problems.ApiException;
import dev.sockeye.api.problems.Problem;
import dev.sockeye.api.problems.ProblemTypes;
import dev.sockeye.sockets.internal.wasi.Preview1Linker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Decides whether uploaded bytes are a module Sockeye can run, before anything is stored: size, a core Wasm module
 * (not a component), parseable by Chicory, every import provided by our WASI preview1 host.
 */
@ApplicationScoped
public class ModuleInspector {

    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};
    private static final String SOCKET_PREFIX = Preview1Linker.MODULE + ".sock_";

    @Inject
    SockeyeConfig config;

    public InspectedModule inspect(byte[] wasm) {
        long limit = config.versions().maxModuleSize().asLongValue();
        if (wasm == null || wasm.length == 0) {
            throw invalid("the module is empty; send the .wasm bytes");
        }
        if (wasm.length > limit) {
            throw new ApiException(
                    413,
                    ProblemTypes.MODULE_TOO_LARGE,
                    "Module too large",
                    "the module has " + wasm.length + " bytes; the limit is " + limit
                            + " (sockeye.versions.max-module-size)",
                    "module",
                    List.of());
        }
        requireCoreModuleHeader(wasm);
        WasmModule module;
        try {
            module = Parser.parse(wasm);
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw invalid("not a valid WebAssembly module (truncated or corrupt?): " + e.getMessage());
        }
        List<Preview1Linker.UnsatisfiedImport> unsatisfied =
                Preview1Linker.standard().unsatisfiedImports(module);
        if (!unsatisfied.isEmpty()) {
            throw unsatisfiedImports(unsatisfied);
        }
        List<String> imports = new ArrayList<>();
        var section = module.importSection();
        for (int i = 0; i < section.importCount(); i++) {
            imports.add(
                    section.getImport(i).module() + "." + section.getImport(i).name());
        }
        return new InspectedModule(
                sha256(wasm), wasm.length, imports, imports.stream().anyMatch(name -> name.startsWith(SOCKET_PREFIX)));
    }

    private static void requireCoreModuleHeader(byte[] wasm) {
        if (wasm.length < 8
                || wasm[0] != MAGIC[0]
                || wasm[1] != MAGIC[1]
                || wasm[2] != MAGIC[2]
                || wasm[3] != MAGIC[3]) {
            throw invalid("not WebAssembly: a module starts with \\0asm");
        }
        boolean coreVersion1 = wasm[4] == 1 && wasm[5] == 0 && wasm[6] == 0 && wasm[7] == 0;
        boolean componentLayer = wasm[6] == 1 && wasm[7] == 0;
        if (componentLayer) {
            throw invalid("this is a WebAssembly component (component model); Sockeye runs core modules "
                    + "targeting WASI preview1 (build for wasm32-wasip1)");
        }
        if (!coreVersion1) {
            throw invalid("unsupported WebAssembly binary version; only version 1 core modules are accepted");
        }
    }

    private static ApiException unsatisfiedImports(List<Preview1Linker.UnsatisfiedImport> unsatisfied) {
        List<Problem.Item> items = unsatisfied.stream()
                .map(entry -> new Problem.Item("imports", entry.module() + "." + entry.name(), entry.reason()))
                .toList();
        return ApiException.unprocessable(
                ProblemTypes.UNSATISFIED_IMPORTS,
                "Unsatisfied imports",
                "the module imports " + items.size() + " function" + (items.size() == 1 ? "" : "s")
                        + " Sockeye does not provide: "
                        + String.join(
                                ", ", items.stream().map(Problem.Item::value).toList()),
                "module",
                items);
    }

    private static ApiException invalid(String detail) {
        return ApiException.unprocessable(ProblemTypes.INVALID_MODULE, "Invalid module", detail, "module", List.of());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
