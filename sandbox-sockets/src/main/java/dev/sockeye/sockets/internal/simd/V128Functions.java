package dev.sockeye.sockets.internal.simd;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The functions of a module that touch a v128 and so run in {@link SimdMachine} while the others run compiled.
 * A v128 only ever sits on the stack of a function that can make or take one: through its signature, a v128 local
 * or global, a SIMD instruction, or a call whose signature has a v128. Such a function is listed, so no v128 ever
 * crosses from interpreted to compiled code (Chicory's compiler has no v128 type): every function a v128 is
 * passed to or returned from is listed too, by its signature.
 */
public final class V128Functions {
    private V128Functions() {}

    /** The indices (in the function index space, imports first) of the module's own functions that touch a v128. */
    public static Set<Integer> of(WasmModule module) {
        List<FunctionType> functionTypes = functionTypes(module);
        List<ValType> globalTypes = globalTypes(module);
        int imported = module.importSection().count(ExternalType.FUNCTION);
        var listed = new TreeSet<Integer>();
        var bodies = module.codeSection().functionBodies();
        for (int i = 0; i < bodies.length; i++) {
            int funcId = imported + i;
            if (touchesV128(module, bodies[i], functionTypes.get(funcId), functionTypes, globalTypes)) {
                listed.add(funcId);
            }
        }
        return listed;
    }

    /** Whether a v128 appears in {@code type}'s parameters or results. */
    public static boolean hasV128(FunctionType type) {
        return type.params().contains(ValType.V128) || type.returns().contains(ValType.V128);
    }

    private static boolean touchesV128(
            WasmModule module,
            FunctionBody body,
            FunctionType type,
            List<FunctionType> functionTypes,
            List<ValType> globalTypes) {
        if (hasV128(type) || body.localTypes().contains(ValType.V128)) {
            return true;
        }
        for (Instruction instruction : body.instructions()) {
            if (SimdMachine.isSimd(instruction.opcode())
                    || movesV128(module, instruction, functionTypes, globalTypes)) {
                return true;
            }
        }
        return false;
    }

    private static boolean movesV128(
            WasmModule module, Instruction instruction, List<FunctionType> functionTypes, List<ValType> globalTypes) {
        switch (instruction.opcode()) {
            case CALL, RETURN_CALL:
                return hasV128(functionTypes.get((int) instruction.operand(0)));
            case CALL_INDIRECT, RETURN_CALL_INDIRECT, CALL_REF, RETURN_CALL_REF:
                return hasV128(module.typeSection().getType((int) instruction.operand(0)));
            case GLOBAL_GET, GLOBAL_SET:
                return ValType.V128.equals(globalTypes.get((int) instruction.operand(0)));
            case SELECT_T:
                for (long operand : instruction.operands()) {
                    if (operand == ValType.V128.id()) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }

    private static List<FunctionType> functionTypes(WasmModule module) {
        var types = new ArrayList<FunctionType>();
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            if (imports.getImport(i) instanceof FunctionImport function) {
                types.add(module.typeSection().getType(function.typeIndex()));
            }
        }
        var functions = module.functionSection();
        for (int i = 0; i < functions.functionCount(); i++) {
            types.add(module.typeSection().getType(functions.getFunctionType(i)));
        }
        return types;
    }

    static List<ValType> globalTypes(WasmModule module) {
        var types = new ArrayList<ValType>();
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            if (imports.getImport(i) instanceof GlobalImport global) {
                types.add(global.type());
            }
        }
        var globals = module.globalSection();
        for (int i = 0; i < globals.globalCount(); i++) {
            types.add(globals.getGlobal(i).valueType());
        }
        return types;
    }
}
