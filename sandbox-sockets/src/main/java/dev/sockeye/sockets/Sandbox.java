package dev.sockeye.sockets;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.SectionId;
import dev.sockeye.sockets.dns.NameResolver;
import dev.sockeye.sockets.dns.SystemNameResolver;
import dev.sockeye.sockets.internal.compile.GuestCompiler;
import dev.sockeye.sockets.internal.net.GuestNetwork;
import dev.sockeye.sockets.internal.net.SocketRuntime;
import dev.sockeye.sockets.internal.simd.LocalSetOrder;
import dev.sockeye.sockets.internal.simd.RelaxedSimd;
import dev.sockeye.sockets.internal.simd.ScalarSignatures;
import dev.sockeye.sockets.internal.simd.SimdMachine;
import dev.sockeye.sockets.internal.simd.V128Functions;
import dev.sockeye.sockets.internal.simd.V128Lowering;
import dev.sockeye.sockets.internal.wasi.GuestContext;
import dev.sockeye.sockets.internal.wasi.InputStreamDescriptor;
import dev.sockeye.sockets.internal.wasi.OutputStreamDescriptor;
import dev.sockeye.sockets.internal.wasi.Preview1Linker;
import dev.sockeye.sockets.modules.ModuleInspection;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The entry point of the library: compiles guests and runs them, each run with a fresh instance whose sockets do
 * their I/O on this sandbox's Vert.x event loops (its own, made on the first socket call, unless the builder was given
 * one). Thread-safe; one sandbox serves many concurrent runs.
 *
 * <pre>{@code
 * try (var sandbox = Sandbox.builder().build()) {
 *     CompiledGuest guest = sandbox.compile(wasmBytes);
 *     GuestOutcome outcome = sandbox.run(guest, GuestOptions.builder().guard(EgressGuard.allowAll(l -> {})).build());
 * }
 * }</pre>
 */
public final class Sandbox implements AutoCloseable {
    private final boolean ownsVertx;
    private final NameResolver givenResolver;
    private final SocketRuntime sockets;
    private final NetworkStats networkStats;

    private Sandbox(Builder builder) {
        Vertx givenVertx = builder.vertx;
        this.ownsVertx = givenVertx == null;
        this.givenResolver = builder.resolver;
        // An own Vert.x (and the system resolver on it) is made when a guest first uses the network.
        this.sockets = new SocketRuntime(
                ownsVertx ? Vertx::vertx : () -> givenVertx,
                vertx -> givenResolver != null ? givenResolver : new SystemNameResolver(vertx),
                builder.trustedCertificates);
        this.networkStats = new NetworkStats(sockets.counters());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Vert.x guests' sockets run on; a sandbox that owns its Vert.x makes it now if no guest has yet. */
    public Vertx vertx() {
        return sockets.vertx();
    }

    /** Sandbox-wide socket gauges and counters (open sockets, buffered bytes, bytes moved). */
    public NetworkStats networkStats() {
        return networkStats;
    }

    /**
     * Parses, checks the imports of, and compiles a module to JVM bytecode. Reuse the result for every run. In a
     * module that uses SIMD (v128), the functions that touch a v128 are compiled from a rewrite of them without v128;
     * the few the rewrite does not handle run in Sockeye's SIMD interpreter, calling compiled code freely.
     */
    public CompiledGuest compile(byte[] wasm) {
        return compile(wasm, null);
    }

    /**
     * Like {@link #compile(byte[])}, but looks the compiled classes up in {@code compileCache} first (keyed by the
     * module's digest) and stores them there after compiling, so that a restart does not recompile.
     */
    public CompiledGuest compile(byte[] wasm, Cache compileCache) {
        return compile(interpret(wasm, compileCache), compileCache);
    }

    /**
     * Parses and link-checks a module for Chicory's interpreter, without compiling it: ready at once, but it runs
     * slower. For serving the first requests of a large module while {@link #compile} runs in the background.
     *
     * @throws GuestModuleException if the bytes are not a module, or it uses a feature Sockeye does not run (the
     *     message is then {@code uses <feature> (not supported)})
     * @throws dev.sockeye.sockets.internal.wasi.GuestLinkException if it imports what Sockeye does not provide
     */
    public CompiledGuest interpret(byte[] wasm) {
        return interpret(wasm, null);
    }

    /**
     * Like {@link #interpret(byte[])}, and quicker for a module whose classes {@code compileCache} (may be null)
     * already holds: that module was validated when it was compiled, so its code is read without being validated
     * again (validating a large module's code takes seconds). Either way the imports are checked first, from the
     * import section alone, so a module that does not link is refused before its code is read.
     */
    public CompiledGuest interpret(byte[] wasm, Cache compileCache) {
        WasmModule declarations = declarations(wasm);
        boolean validated = false;
        if (declarations != null) {
            Preview1Linker.standard().plan(declarations); // throws with every unsatisfied import
            validated = compileCache != null && GuestCompiler.isCached(declarations, compileCache);
        }
        WasmModule module = parse(wasm, !validated);
        List<String> unsupported = UnsupportedFeatures.of(module, wasm);
        if (!unsupported.isEmpty()) {
            throw new GuestModuleException(ModuleInspection.unsupportedMessage(unsupported), null);
        }
        if (SimdMachine.usedBy(module)) {
            return new CompiledGuest(
                    LocalSetOrder.repaired(module),
                    SimdMachine::new,
                    Preview1Linker.standard().plan(module),
                    module.codeSection().functionBodyCount());
        }
        return new CompiledGuest(
                module,
                InterpreterMachine::new,
                Preview1Linker.standard().plan(module),
                module.codeSection().functionBodyCount());
    }

    /**
     * The module's types and imports alone, unvalidated, with the digest of all its bytes; null when even those do
     * not parse (the whole parse then says what is wrong).
     */
    private static WasmModule declarations(byte[] wasm) {
        try {
            return Parser.builder()
                    .withValidation(false)
                    .includeSectionId(SectionId.TYPE)
                    .includeSectionId(SectionId.IMPORT)
                    .build()
                    .parse(() -> new ByteArrayInputStream(wasm));
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /**
     * Parses a module and reports what it needs from the host (imports, memory, sockets) and whether Sockeye can
     * run it, without compiling it and without a sandbox: for checking an upload. Parsing takes most of the time.
     *
     * @throws GuestModuleException if the bytes are not a valid module
     */
    public static ModuleInspection inspect(byte[] wasm) {
        WasmModule module;
        List<String> unsupported;
        int functionCount;
        try {
            module = parse(wasm, true);
            unsupported = UnsupportedFeatures.of(module, wasm);
            functionCount = module.functionSection().functionCount();
        } catch (GuestModuleException e) {
            var relaxed = UnsupportedFeatures.relaxedSimd(wasm).orElseThrow(() -> e);
            try {
                module = UnsupportedFeatures.withoutCode(wasm);
            } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException other) {
                e.addSuppressed(other);
                throw e; // the other sections are broken too: report the module as refused, not inspected
            }
            unsupported = List.of(relaxed);
            functionCount = RelaxedSimd.functionBodyCount(wasm);
        }
        var imports = new ArrayList<String>();
        boolean usesSockets = false;
        var section = module.importSection();
        for (int i = 0; i < section.importCount(); i++) {
            var declared = section.getImport(i);
            String name = declared.module() + "." + declared.name();
            imports.add(name);
            usesSockets |= declared.importType() == ExternalType.FUNCTION && ModuleInspection.isSocketImport(name);
        }
        var memory = declaredMemory(module)
                .map(limits -> new ModuleInspection.DeclaredMemory(limits.initialPages(), limits.maximumPages()))
                .orElse(null);
        return new ModuleInspection(
                imports,
                Preview1Linker.standard().unsatisfiedImports(module),
                unsupported,
                usesSockets,
                memory,
                functionCount);
    }

    /** Whether {@code compileCache} already holds the compiled classes of a module {@link #interpret} parsed. */
    public boolean isCached(CompiledGuest interpreted, Cache compileCache) {
        return GuestCompiler.isCached(interpreted.module(), compileCache);
    }

    /** Compiles a module {@link #interpret} already parsed and checked, without parsing it again. */
    public CompiledGuest compile(CompiledGuest interpreted, Cache compileCache) {
        GuestCompiler.Compiled compiled;
        if (SimdMachine.usedBy(interpreted.module())) {
            // Chicory's compiler has no SIMD: the functions that touch a v128 are rewritten without it and compiled
            // too; those the rewrite does not handle run in our SIMD interpreter; a module the compiler cannot be
            // shown even so runs whole in the interpreter.
            var simdFunctions = V128Functions.of(interpreted.module());
            if (simdFunctions.isEmpty()) {
                return interpreted; // v128 only in unused types or globals: nothing to gain from splitting
            }
            compiled = compileSimd(interpreted.module(), simdFunctions, compileCache);
            if (compiled == null) {
                return interpreted;
            }
        } else {
            compiled = GuestCompiler.compile(interpreted.module(), compileCache);
        }
        return new CompiledGuest(
                interpreted.module(),
                compiled.machineFactory(),
                interpreted.linkPlan(),
                compiled.interpretedFunctions());
    }

    /**
     * The compiled form of a module that uses SIMD: lowered where {@link V128Lowering} can, else with every v128
     * function in {@link SimdMachine}; null when neither can be shown to Chicory's compiler.
     */
    private static GuestCompiler.Compiled compileSimd(WasmModule module, Set<Integer> simdFunctions, Cache cache) {
        Optional<V128Lowering.Lowered> lowered = V128Lowering.of(module, simdFunctions);
        if (lowered.isPresent()) {
            var notCompiled = new TreeSet<>(lowered.get().interpreted());
            notCompiled.addAll(lowered.get().laneCalls());
            return GuestCompiler.compileAround(
                    module, lowered.get().module(), notCompiled, lowered.get().machine(), cache);
        }
        Optional<WasmModule> shown = ScalarSignatures.of(module);
        return shown.isEmpty()
                ? null
                : GuestCompiler.compileAround(module, shown.get(), simdFunctions, SimdMachine::new, cache);
    }

    private static WasmModule parse(byte[] wasm, boolean validate) {
        try {
            return Parser.builder().withValidation(validate).build().parse(() -> new ByteArrayInputStream(wasm));
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            // Chicory misreads relaxed SIMD instructions as other ones, so the module fails for another reason.
            var relaxed = UnsupportedFeatures.relaxedSimd(wasm);
            if (relaxed.isPresent()) {
                throw new GuestModuleException(ModuleInspection.unsupportedMessage(List.of(relaxed.get())), e);
            }
            // Truncated or corrupt bytes surface from Chicory's parser as any of these.
            throw new GuestModuleException(
                    "not a valid WebAssembly module (truncated or corrupt?): " + e.getMessage(), e);
        }
    }

    /**
     * Runs the guest's {@code _start} on the calling thread (use a virtual thread: socket calls block it) and
     * returns how it ended. Interrupting the thread stops the guest. Whatever the outcome, every socket, file and
     * buffer of the instance is released before this returns.
     */
    public GuestOutcome run(CompiledGuest guest, GuestOptions options) {
        try (GuestInstance instance = instantiate(guest, options)) {
            return instance.start();
        }
    }

    /** Creates an instance with its stdio and preopens wired, without running anything; close it when done. */
    public GuestInstance instantiate(CompiledGuest guest, GuestOptions options) {
        var context = new GuestContext(
                utf8(options.args()),
                () -> environment(options),
                options.limits(),
                () -> new GuestNetwork(sockets, options.guard(), options.limits()));
        try {
            var fds = context.fds();
            fds.add(new InputStreamDescriptor(options.stdin()));
            fds.add(new OutputStreamDescriptor(options.stdout()));
            fds.add(new OutputStreamDescriptor(options.stderr()));
            for (var preopen : options.preopens()) {
                context.preopen(preopen.hostPath(), preopen.guestPath(), preopen.readOnly());
            }
            MemoryLimits memoryLimits = guest.memoryLimits(options.limits().maxMemoryPages());
            Instance instance = guest.template().instantiate(guest.memoryPool()::take, memoryLimits);
            return new GuestInstance(instance, context, guest.memoryPool(), memoryLimits);
        } catch (RuntimeException | Error e) {
            context.close();
            throw e;
        }
    }

    static java.util.Optional<MemoryLimits> declaredMemory(WasmModule module) {
        return module.memorySection()
                .filter(section -> section.memoryCount() > 0)
                .map(section -> section.getMemory(0).limits());
    }

    private static List<byte[]> utf8(List<String> values) {
        var bytes = new ArrayList<byte[]>(values.size());
        for (String value : values) {
            bytes.add(value.getBytes(StandardCharsets.UTF_8));
        }
        return bytes;
    }

    private static List<byte[]> environment(GuestOptions options) {
        var entries = new ArrayList<String>();
        options.environment().forEach((key, value) -> entries.add(key + "=" + value));
        return utf8(entries);
    }

    @Override
    public void close() {
        sockets.close();
        if (givenResolver != null) {
            givenResolver.close();
        } else {
            sockets.startedResolver().ifPresent(NameResolver::close);
        }
        if (ownsVertx) {
            sockets.startedVertx()
                    .ifPresent(vertx -> vertx.close()
                            .toCompletionStage()
                            .toCompletableFuture()
                            .join());
        }
    }

    /** Builds a {@link Sandbox}. */
    public static final class Builder {
        private Vertx vertx;
        private NameResolver resolver;
        private final List<X509Certificate> trustedCertificates = new ArrayList<>();

        /** Uses this Vert.x (not closed with the sandbox); by default the sandbox creates and owns one. */
        public Builder vertx(Vertx value) {
            vertx = Objects.requireNonNull(value);
            return this;
        }

        /** Resolves guests' lookups with this resolver; by default the system's (hosts file, then DNS). */
        public Builder resolver(NameResolver value) {
            resolver = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Lets host TLS ({@code sock_tls_connect}) trust servers whose chain ends at one of {@code certificates}, as
         * well as those the JDK's trust store admits: for an internal CA. Certificates are still verified for the
         * server name the guest asked for.
         */
        public Builder trustedCertificates(Collection<X509Certificate> certificates) {
            certificates.forEach(certificate -> trustedCertificates.add(Objects.requireNonNull(certificate)));
            return this;
        }

        public Sandbox build() {
            return new Sandbox(this);
        }
    }
}
