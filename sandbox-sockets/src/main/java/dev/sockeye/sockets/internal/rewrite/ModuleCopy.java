package dev.sockeye.sockets.internal.rewrite;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionSection;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.TypeSection;
import java.util.List;
import java.util.Map;

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

    /**
     * {@code module} with the types {@code types} (the module's own first, then more), some of its function bodies
     * replaced ({@code replaced}, by index among the module's own functions, imports not counted) and functions
     * appended after its own (their type indices and bodies), validated again.
     *
     * @throws com.dylibso.chicory.wasm.ChicoryException when the result is not a valid module
     */
    public static WasmModule withAppendedFunctions(
            WasmModule module,
            List<FunctionType> types,
            Map<Integer, FunctionBody> replaced,
            List<Integer> appendedTypes,
            List<FunctionBody> appendedBodies) {
        var typeSection = TypeSection.builder();
        types.forEach(typeSection::addFunctionType);
        var functions = FunctionSection.builder();
        for (int i = 0; i < module.functionSection().functionCount(); i++) {
            functions.addFunctionType(module.functionSection().getFunctionType(i));
        }
        appendedTypes.forEach(functions::addFunctionType);
        CodeSection original = module.codeSection();
        var code = CodeSection.builder().setRequiresDataCount(original.isRequiresDataCount());
        for (int i = 0; i < original.functionBodyCount(); i++) {
            code.addFunctionBody(replaced.getOrDefault(i, original.getFunctionBody(i)));
        }
        appendedBodies.forEach(code::addFunctionBody);
        return withFunctions(module, typeSection.build(), functions.build(), code.build());
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
