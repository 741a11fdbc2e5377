package dev.sockeye.sockets.internal.compile;

import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;

/**
 * The machine of an instance whose module runs partly compiled: a call to one of the interpreted functions goes to
 * the interpreter, any other to the compiled classes. Compiled code reaches an interpreted function only through
 * the instance's machine (Chicory's compiler emits {@code instance.getMachine().call} for it), and the interpreter
 * reaches a compiled one the same way, so this one switch serves direct calls, call_indirect and exports alike.
 */
final class SplitMachine implements Machine {
    private final Machine compiled;
    private final Machine interpreter;
    private final boolean[] interpreted;

    SplitMachine(Machine compiled, Machine interpreter, boolean[] interpreted) {
        this.compiled = compiled;
        this.interpreter = interpreter;
        this.interpreted = interpreted;
    }

    @Override
    public long[] call(int funcId, long[] args) throws ChicoryException {
        if (funcId >= 0 && funcId < interpreted.length && interpreted[funcId]) {
            return interpreter.call(funcId, args);
        }
        return compiled.call(funcId, args);
    }
}
