package dev.sockeye.sockets.internal.simd;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.Instruction;
import java.util.Arrays;

/**
 * The machine behind the compiled code of a module {@link V128Lowering} rewrote, for the calls the compiled code
 * does not run itself: a lane call (index {@code firstLaneCall} on) runs its one SIMD instruction in Java, any
 * other function (one the rewrite left interpreted) runs in {@link SimdMachine}.
 */
final class LoweredMachine implements Machine {
    private final Instance instance;
    private final int firstLaneCall;
    private final Instruction[] laneCalls;
    private final int[] results;
    private final Machine interpreter;

    LoweredMachine(Instance instance, int[] functions, int firstLaneCall, Instruction[] laneCalls, int[] results) {
        this.instance = instance;
        this.firstLaneCall = firstLaneCall;
        this.laneCalls = laneCalls;
        this.results = results;
        int[] interpreted =
                Arrays.stream(functions).filter(f -> f < firstLaneCall).toArray();
        this.interpreter = interpreted.length == 0 ? null : new SimdMachine(instance, interpreted);
    }

    @Override
    public long[] call(int funcId, long[] args) throws ChicoryException {
        int lane = funcId - firstLaneCall;
        if (lane >= 0 && lane < laneCalls.length) {
            return LaneCalls.call(instance, laneCalls[lane], results[lane], args);
        }
        if (interpreter == null) {
            throw new ChicoryException("function " + funcId + " is neither compiled nor interpreted");
        }
        return interpreter.call(funcId, args);
    }
}
