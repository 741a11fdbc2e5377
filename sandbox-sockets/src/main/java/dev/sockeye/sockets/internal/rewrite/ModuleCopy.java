package dev.sockeye.sockets.internal.rewrite;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.FunctionSection;
import com.dylibso.chicory.wasm.types.TypeSection;

/**
 * A parsed module with one of its sections replaced, every other section (and the digest, the compile cache's
 * key) kept. Not validated again: the replacement is the caller's own rewrite of a module that was validated.
 */
public final class ModuleCopy {
    private ModuleCopy() {}

    /** {@code module} with its code section replaced. */
    public static WasmModule withCode(WasmModule module, CodeSection code) {
        return copy(module, module.typeSection(), code);
    }

    /** {@code module} with its type section replaced (same number of types, same order). */
    public static WasmModule withTypes(WasmModule module, TypeSection types) {
        return copy(module, types, module.codeSection());
    }

    /**
     * {@code module} with its types, functions and code replaced (types and functions may have more entries at
     * their end), validated again: for a rewrite that adds functions of its own.
     *
     * @throws com.dylibso.chicory.wasm.ChicoryException when the result is not a valid module
     */
    public static WasmModule withFunctions(
            WasmModule module, TypeSection types, FunctionSection functions, CodeSection code) {
        return copy(module, types, functions, code, true);
    }

    private static WasmModule copy(WasmModule module, TypeSection types, CodeSection code) {
        return copy(module, types, module.functionSection(), code, false);
    }

    private static WasmModule copy(
            WasmModule module, TypeSection types, FunctionSection functions, CodeSection code, boolean validate) {
        var builder = WasmModule.builder()
                .withValidation(validate)
                .setTypeSection(types)
                .setImportSection(module.importSection())
                .setFunctionSection(functions)
                .setTableSection(module.tableSection())
                .setGlobalSection(module.globalSection())
                .setExportSection(module.exportSection())
                .setElementSection(module.elementSection())
                .setCodeSection(code)
                .setDataSection(module.dataSection());
        module.memorySection().ifPresent(builder::setMemorySection);
        module.startSection().ifPresent(builder::setStartSection);
        module.dataCountSection().ifPresent(builder::setDataCountSection);
        module.tagSection().ifPresent(builder::setTagSection);
        module.customSections().forEach(section -> builder.addCustomSection(section.name(), section));
        module.ignoredSections().forEach(builder::addIgnoredSection);
        if (module.digest() != null) {
            builder.withDigest(module.digest());
        }
        return builder.build();
    }
}
