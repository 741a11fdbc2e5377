package dev.sockeye.sockets.internal.wasi;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.modules.UnsatisfiedImport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Links a guest's imports to our host modules: {@code wasi_snapshot_preview1} and the older snapshot 0,
 * {@code wasi_unstable} ({@link Snapshot0Calls}), both over the one fd table of the instance. Each import is resolved
 * by module, name AND signature, so WasmEdge's V1 and V2 socket calls that share a name are told apart; an unknown
 * {@code sock_*} import gets a body returning ENOSYS so that such guests still link.
 */
public final class Preview1Linker {
    public static final String MODULE = "wasi_snapshot_preview1";
    /** WASI snapshot 0, which older wasi-libc builds import. */
    public static final String SNAPSHOT0_MODULE = Snapshot0Calls.MODULE;

    private static final String SOCKET_PREFIX = "sock_";

    /** Host module name, then import name, then the bodies on offer under that name (one per signature). */
    private final Map<String, Map<String, List<HostCall>>> callsByModule = new HashMap<>();

    private Preview1Linker(Map<String, List<HostCall>> callsOfModules) {
        callsOfModules.forEach((module, calls) -> {
            var byName = callsByModule.computeIfAbsent(module, m -> new HashMap<>());
            for (HostCall call : calls) {
                byName.computeIfAbsent(call.name(), name -> new ArrayList<>()).add(call);
            }
        });
    }

    /** The linker for every call Sockeye implements. */
    public static Preview1Linker standard() {
        return STANDARD;
    }

    private static final Preview1Linker STANDARD = new Preview1Linker(
            Map.of(MODULE, preview1Calls(), SNAPSHOT0_MODULE, Snapshot0Calls.replacing(preview1Calls())));

    /** Every body of the preview1 module, including the socket calls: also what the host-call fuzzer links. */
    static List<HostCall> preview1Calls() {
        var calls = new ArrayList<HostCall>();
        calls.addAll(ProcessCalls.CALLS);
        calls.addAll(FileCalls.CALLS);
        calls.addAll(PollCalls.CALLS);
        calls.addAll(SocketCalls.CALLS);
        calls.addAll(TlsCalls.CALLS);
        return calls;
    }

    /** Every import of the module that linking would reject; empty when the module links. */
    public List<UnsatisfiedImport> unsatisfiedImports(WasmModule module) {
        var problems = new ArrayList<UnsatisfiedImport>();
        resolve(module, problems);
        return problems;
    }

    /**
     * A plan for linking instances of one module: which body serves each import. Computed once per module and
     * reused for every instance.
     */
    public LinkPlan plan(WasmModule module) {
        var problems = new ArrayList<UnsatisfiedImport>();
        var plan = resolve(module, problems);
        if (!problems.isEmpty()) {
            throw new GuestLinkException(problems);
        }
        return plan;
    }

    private LinkPlan resolve(WasmModule module, List<UnsatisfiedImport> problems) {
        var imports = module.importSection();
        var chosen = new ArrayList<LinkedCall>();
        for (int i = 0; i < imports.importCount(); i++) {
            var declared = imports.getImport(i);
            if (declared.importType() != ExternalType.FUNCTION) {
                problems.add(new UnsatisfiedImport(
                        declared.module(),
                        declared.name(),
                        "only function imports are provided, not " + declared.importType()));
                continue;
            }
            FunctionType type = module.typeSection().getType(((FunctionImport) declared).typeIndex());
            var callsByName = callsByModule.get(declared.module());
            if (callsByName == null) {
                problems.add(new UnsatisfiedImport(declared.module(), declared.name(), "unknown import module"));
                continue;
            }
            HostCall call = find(callsByName, declared.name(), type);
            if (call != null) {
                chosen.add(new LinkedCall(declared.module(), call));
            } else if (callsByName.containsKey(declared.name())) {
                problems.add(new UnsatisfiedImport(
                        declared.module(),
                        declared.name(),
                        "signature " + describe(type)
                                + " matches none of "
                                + callsByName.get(declared.name()).stream()
                                        .map(c -> describe(c.type()))
                                        .toList()));
            } else if (declared.name().startsWith(SOCKET_PREFIX)) {
                chosen.add(new LinkedCall(declared.module(), notImplemented(declared.name(), type)));
            } else {
                problems.add(new UnsatisfiedImport(
                        declared.module(), declared.name(), "not a function of " + declared.module()));
            }
        }
        return new LinkPlan(List.copyOf(chosen));
    }

    /** A signature as the Wasm text format spells types: {@code (i32,i32) -> (i32)}. */
    private static String describe(FunctionType type) {
        return type.toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static HostCall find(Map<String, List<HostCall>> callsByName, String name, FunctionType type) {
        for (HostCall call : callsByName.getOrDefault(name, List.of())) {
            if (call.type().equals(type)) {
                return call;
            }
        }
        return null;
    }

    private static HostCall notImplemented(String name, FunctionType type) {
        boolean returnsErrno = type.returns().equals(List.of(ValType.I32));
        return new HostCall(name, type, (context, args) -> returnsErrno ? Errno.NOSYS.code() : 0);
    }

    /** A body chosen for one import, with the host module it is exported from. */
    private record LinkedCall(String module, HostCall call) {}

    /**
     * The bodies chosen for one module's imports, as host functions built once and shared by every instance of the
     * module. A call finds its instance's context in a scoped value that {@link GuestContext#runGuest} binds
     * while the instance runs: building 60-odd host functions per request would cost more than the guest's own work.
     */
    public static final class LinkPlan {
        private final ImportValues importValues;

        private LinkPlan(List<LinkedCall> calls) {
            var functions = new HostFunction[calls.size()];
            for (int i = 0; i < functions.length; i++) {
                HostCall call = calls.get(i).call();
                functions[i] = new HostFunction(calls.get(i).module(), call.name(), call.type(), (instance, args) -> {
                    GuestContext context = GuestContext.current();
                    context.bindInstance(instance);
                    return call.invoke(context, args);
                });
            }
            this.importValues = ImportValues.builder().addFunction(functions).build();
        }

        /** The host functions for every instance of the module. */
        public ImportValues importValues() {
            return importValues;
        }
    }
}
