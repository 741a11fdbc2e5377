package dev.sockeye.api.versions;

import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.api.problems.ApiException;
import dev.sockeye.api.problems.Problem;
import dev.sockeye.api.problems.ProblemTypes;
import dev.sockeye.sockets.GuestModuleException;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.modules.ModuleInspection;
import dev.sockeye.sockets.modules.UnsatisfiedImport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Decides whether uploaded bytes are a module Sockeye can run, before anything is stored: size, a core Wasm module
 * (not a component), its declared shape ({@link ModuleShape}: sizes that fit, at most
 * {@code sockeye.versions.max-functions} functions), then sandbox-sockets' {@link Sandbox#inspect}: parseable, no feature the engine does not run
 * (SIMD), every import provided by our WASI host.
 */
@ApplicationScoped
public class ModuleInspector {

    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};

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
        ModuleShape.check(wasm, config.versions().maxFunctions()).ifPresent(refusal -> {
            throw refusal.overLimit()
                    ? ApiException.unprocessable(
                            ProblemTypes.MODULE_TOO_LARGE, "Module too large", refusal.detail(), "module", List.of())
                    : invalid("not a valid WebAssembly module: " + refusal.detail());
        });
        ModuleInspection inspection;
        try {
            inspection = Sandbox.inspect(wasm);
        } catch (GuestModuleException e) {
            throw invalid(e.getMessage());
        }
        if (!inspection.unsupportedFeatures().isEmpty()) {
            throw unsupportedFeatures(inspection.unsupportedFeatures());
        }
        if (!inspection.unsatisfiedImports().isEmpty()) {
            throw unsatisfiedImports(inspection.unsatisfiedImports());
        }
        return new InspectedModule(sha256(wasm), wasm.length, inspection.imports(), inspection.usesSockets());
    }

    private static ApiException unsupportedFeatures(List<String> features) {
        List<Problem.Item> items = features.stream()
                .map(feature -> new Problem.Item("module", feature, "not supported by Sockeye's engine yet"))
                .toList();
        return ApiException.unprocessable(
                ProblemTypes.UNSUPPORTED_FEATURE,
                "Unsupported feature",
                "the module " + ModuleInspection.unsupportedMessage(features),
                "module",
                items);
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

    private static ApiException unsatisfiedImports(List<UnsatisfiedImport> unsatisfied) {
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
