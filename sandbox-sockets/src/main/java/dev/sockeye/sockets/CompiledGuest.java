package dev.sockeye.sockets;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.sockeye.sockets.internal.instance.InstanceTemplate;
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
    private final InstanceTemplate template;
    /** The module's first memory as declared, or null if it defines none. */
    private final MemoryLimits declaredMemory;
    /** Whether the module imports environ_get or environ_sizes_get: the only ways a guest reads its environment. */
    private final boolean readsEnvironment;
    /** The last {@link #memoryLimits} answer: every run of a function asks with the same cap. */
    private volatile CappedLimits lastCapped;

    private record CappedLimits(int maxPages, MemoryLimits limits) {}

    CompiledGuest(
            WasmModule module,
            Function<Instance, Machine> machineFactory,
            Preview1Linker.LinkPlan linkPlan,
            int interpretedFunctions) {
        this.module = module;
        this.machineFactory = machineFactory;
        this.linkPlan = linkPlan;
        this.interpretedFunctions = interpretedFunctions;
        this.template = new InstanceTemplate(module, linkPlan.importValues(), machineFactory);
        this.declaredMemory = Sandbox.declaredMemory(module).orElse(null);
        this.readsEnvironment = importsEnvironmentCall(module);
    }

    private static boolean importsEnvironmentCall(WasmModule module) {
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            if (imports.getImport(i) instanceof FunctionImport function
                    && (function.name().equals("environ_get") || function.name().equals("environ_sizes_get"))) {
                return true;
            }
        }
        return false;
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

    /**
     * Whether the guest can read its environment at all (it imports {@code environ_get} or
     * {@code environ_sizes_get}, from any module); if not, a host may skip building one.
     */
    public boolean readsEnvironment() {
        return readsEnvironment;
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

    /**
     * The module's memory limits with the maximum lowered to the sandbox's cap, or null if it defines no memory.
     * Chicory sizes each instance's page table by the maximum, and modules built by wasm-ld declare none (4 GiB), so
     * without the cap every instance would reserve a table for 65,536 pages whatever it uses.
     *
     * @throws GuestModuleException if the module needs more pages to start than the cap
     */
    MemoryLimits memoryLimits(int maxPages) {
        if (declaredMemory == null) {
            return null;
        }
        var last = lastCapped;
        if (last != null && last.maxPages() == maxPages) {
            return last.limits();
        }
        if (declaredMemory.initialPages() > maxPages) {
            throw new GuestModuleException(
                    "the module needs " + declaredMemory.initialPages()
                            + " memory pages to start, more than the limit of " + maxPages,
                    null);
        }
        var limits = new MemoryLimits(
                declaredMemory.initialPages(),
                Math.min(declaredMemory.maximumPages(), maxPages),
                declaredMemory.shared());
        lastCapped = new CappedLimits(maxPages, limits);
        return limits;
    }

    /** Chicory's per-instance builder work, done once for this module. */
    InstanceTemplate template() {
        return template;
    }
}
