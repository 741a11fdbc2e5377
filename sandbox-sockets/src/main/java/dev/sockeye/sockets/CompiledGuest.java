package dev.sockeye.sockets;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import dev.sockeye.sockets.internal.wasi.Preview1Linker;
import java.util.function.Function;

/**
 * A parsed, linked-checked and compiled module: compile once, instantiate many times (one instance per run).
 * Immutable and thread-safe.
 */
public final class CompiledGuest {
    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final Preview1Linker.LinkPlan linkPlan;
    private final int interpretedFunctions;
    private final MemoryPool memoryPool = new MemoryPool();

    CompiledGuest(
            WasmModule module,
            Function<Instance, Machine> machineFactory,
            Preview1Linker.LinkPlan linkPlan,
            int interpretedFunctions) {
        this.module = module;
        this.machineFactory = machineFactory;
        this.linkPlan = linkPlan;
        this.interpretedFunctions = interpretedFunctions;
    }

    public WasmModule module() {
        return module;
    }

    /**
     * How many of the module's functions run in an interpreter rather than as JVM bytecode: all of them for
     * {@link Sandbox#interpret}, and for {@link Sandbox#compile} those too big for one JVM method and those that
     * touch a v128 (SIMD); they run several times slower.
     */
    public int interpretedFunctions() {
        return interpretedFunctions;
    }

    Function<Instance, Machine> machineFactory() {
        return machineFactory;
    }

    /** Memories of this module's finished instances, for the next ones. */
    MemoryPool memoryPool() {
        return memoryPool;
    }

    Preview1Linker.LinkPlan linkPlan() {
        return linkPlan;
    }
}
