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
    private final MemoryPool memoryPool = new MemoryPool();

    CompiledGuest(WasmModule module, Function<Instance, Machine> machineFactory, Preview1Linker.LinkPlan linkPlan) {
        this.module = module;
        this.machineFactory = machineFactory;
        this.linkPlan = linkPlan;
    }

    public WasmModule module() {
        return module;
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
