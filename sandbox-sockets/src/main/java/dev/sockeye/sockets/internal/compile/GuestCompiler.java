package dev.sockeye.sockets.internal.compile;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.internal.ClassLoadingCollector;
import com.dylibso.chicory.compiler.internal.Compiler;
import com.dylibso.chicory.compiler.internal.MachineFactory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import dev.sockeye.sockets.internal.split.FunctionSplitting;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.objectweb.asm.MethodTooLargeException;

/**
 * Compiles a module to JVM classes with Chicory's compiler and tells which functions it left to the interpreter
 * (those too big for one JVM method even after {@link FunctionSplitting} split the huge ones), which Chicory's public
 * {@code MachineFactoryCompiler} does not report. The
 * classes and that list are cached together, so a cache hit knows the list too. {@link #compileAround} also leaves
 * chosen functions (those using SIMD that the caller's rewrite left, and the rewrite's own calls) to a machine of
 * the caller's.
 *
 * <p>Chicory's compiler internals are used here and nowhere else; the cache format is ours (key prefix
 * {@value #KEY_PREFIX}), so entries written by {@code MachineFactoryCompiler} are never misread.
 */
public final class GuestCompiler {
    static final String KEY_PREFIX = "sockeye-v3-";
    private static final int MAGIC = 0x534f434b; // "SOCK"
    private static final String FUNCTION_METHOD_PREFIX = "func_";

    private GuestCompiler() {}

    /**
     * The compiled form of a module.
     *
     * @param machineFactory makes the machine of each instance
     * @param interpretedFunctions how many of the module's functions run in the interpreter
     */
    public record Compiled(Function<Instance, Machine> machineFactory, int interpretedFunctions) {}

    /** Compiles {@code module}, or loads its classes from {@code cache} (may be null) when they are there. */
    public static Compiled compile(WasmModule module, Cache cache) {
        String key = KEY_PREFIX + module.digest();
        if (cache != null) {
            byte[] stored = read(cache, key);
            Compiled loaded = stored == null ? null : load(module, stored);
            if (loaded != null) {
                return loaded;
            }
        }
        // Huge functions are shown split (the instance keeps the module's own bodies for its interpreter).
        WasmModule shown = FunctionSplitting.of(module).orElse(module);
        // SILENT: Chicory would otherwise print a warning per interpreted function on the process's stderr.
        var result = Compiler.builder(shown)
                .withInterpreterFallback(InterpreterFallback.SILENT)
                .withClassCollectorFactory(ClassLoadingCollector::new)
                .build()
                .compile();
        var collector = (ClassLoadingCollector) result.collector();
        var interpreted = new TreeSet<>(result.interpretedFunctions());
        if (cache != null) {
            write(cache, key, serialise(collector, interpreted));
        }
        return new Compiled(new MachineFactory(module, collector.machineFactory()), interpreted.size());
    }

    /**
     * Compiles {@code shown} (the module's rewrite for Chicory's compiler, with the same function indices and maybe
     * functions appended) but for the functions {@code interpreted} (not empty) and any too big for one JVM method,
     * which run in the machine {@code interpreter} makes for an instance and the functions to run; each side calls
     * the other through the instance's machine, and instances are of {@code module}. Looks in and stores to
     * {@code cache} (may be null) like {@link #compile}; the rewrite must be the same for the same module. The
     * count of interpreted functions leaves out the appended ones.
     */
    public static Compiled compileAround(
            WasmModule module,
            WasmModule shown,
            Set<Integer> interpreted,
            BiFunction<Instance, int[], Machine> interpreter,
            Cache cache) {
        String key = KEY_PREFIX + module.digest();
        if (cache != null) {
            byte[] stored = read(cache, key);
            Stored loaded = stored == null ? null : load(stored);
            if (loaded != null && loaded.interpreted() != null) {
                return split(module, loaded.machines(), loaded.interpreted(), interpreter);
            }
        }
        var functions = new TreeSet<>(interpreted);
        ClassLoadingCollector collector = null;
        while (collector == null) {
            try {
                // A fixed list of interpreted functions makes Chicory fail on a function too big, rather than
                // interpret it: each such one joins the list and the module is compiled again (as Chicory itself
                // does without a list).
                var result = Compiler.builder(shown)
                        .withInterpretedFunctions(functions)
                        .withInterpreterFallback(InterpreterFallback.FAIL)
                        .withClassCollectorFactory(ClassLoadingCollector::new)
                        .build()
                        .compile();
                collector = (ClassLoadingCollector) result.collector();
            } catch (ChicoryException e) {
                if (!functions.add(tooLargeFunction(e))) {
                    throw e; // refused although already interpreted: another pass would end the same
                }
            }
        }
        if (cache != null) {
            write(cache, key, serialise(collector, functions));
        }
        return split(module, collector.machineFactory(), List.copyOf(functions), interpreter);
    }

    private static Compiled split(
            WasmModule module,
            Function<Instance, Machine> compiled,
            List<Integer> interpreted,
            BiFunction<Instance, int[], Machine> interpreter) {
        int[] functions = interpreted.stream().mapToInt(Integer::intValue).toArray();
        var isInterpreted = new boolean[functions.length == 0 ? 0 : functions[functions.length - 1] + 1];
        for (int function : functions) {
            isInterpreted[function] = true;
        }
        Function<Instance, Machine> factory = instance ->
                new SplitMachine(compiled.apply(instance), interpreter.apply(instance, functions), isInterpreted);
        int moduleFunctions = module.importSection().count(ExternalType.FUNCTION)
                + module.functionSection().functionCount();
        int ownInterpreted =
                (int) Arrays.stream(functions).filter(f -> f < moduleFunctions).count();
        return new Compiled(new MachineFactory(module, factory), ownInterpreted);
    }

    /** The function Chicory's compiler refused as too big for a JVM method, or {@code e} again if that is not why. */
    private static int tooLargeFunction(ChicoryException e) {
        if (e.getCause() instanceof MethodTooLargeException tooLarge
                && tooLarge.getMethodName().startsWith(FUNCTION_METHOD_PREFIX)) {
            return Integer.parseInt(tooLarge.getMethodName().substring(FUNCTION_METHOD_PREFIX.length()));
        }
        throw e;
    }

    /**
     * Whether {@code cache} holds an entry of ours for this module: asked of a {@link CacheIndex}, else checked by
     * the entry's header, without loading its classes.
     */
    public static boolean isCached(WasmModule module, Cache cache) {
        String key = KEY_PREFIX + module.digest();
        if (cache instanceof CacheIndex index) {
            return index.contains(key); // our key prefix: an entry there was written by this class
        }
        byte[] stored = read(cache, key);
        return stored != null && stored.length >= 4 && ByteBuffer.wrap(stored).getInt() == MAGIC;
    }

    /** The entry's compiled form, or null when it is not one of ours (it is then compiled afresh). */
    private static Compiled load(WasmModule module, byte[] stored) {
        Stored loaded = load(stored);
        return loaded == null ? null : new Compiled(new MachineFactory(module, loaded.machines()), loaded.count());
    }

    /**
     * A cache entry read back: the factory of its machine (whose classes are defined as they are first used), how
     * many functions are interpreted and which (null in an entry written before the list was stored, which only
     * ever lacks it for a module without SIMD).
     */
    private record Stored(Function<Instance, Machine> machines, int count, List<Integer> interpreted) {}

    private static Stored load(byte[] stored) {
        try (var in = new DataInputStream(new ByteArrayInputStream(stored))) {
            if (in.readInt() != MAGIC) {
                return null;
            }
            int interpreted = in.readInt();
            String mainClass = in.readUTF();
            int classes = in.readInt();
            var classBytes = new HashMap<String, byte[]>(classes * 2);
            for (int i = 0; i < classes; i++) {
                String name = in.readUTF();
                classBytes.put(name, in.readNBytes(in.readInt()));
            }
            List<Integer> functions = null;
            if (in.available() >= Integer.BYTES * interpreted) {
                var read = new ArrayList<Integer>(interpreted);
                for (int i = 0; i < interpreted; i++) {
                    read.add(in.readInt());
                }
                functions = List.copyOf(read);
            }
            return new Stored(new CachedClassLoader(classBytes).machineFactory(mainClass), interpreted, functions);
        } catch (IOException e) {
            return null; // truncated: putIfAbsent writes whole files, so only a damaged disk gets here
        }
    }

    /** Header, classes, then the interpreted functions (appended last, so entries without them still read). */
    private static byte[] serialise(ClassLoadingCollector collector, Set<Integer> interpreted) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(interpreted.size());
            out.writeUTF(collector.mainClassName());
            Map<String, byte[]> classes = new LinkedHashMap<>(collector.classBytes());
            out.writeInt(classes.size());
            for (var entry : classes.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().length);
                out.write(entry.getValue());
            }
            for (int function : interpreted) {
                out.writeInt(function);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] read(Cache cache, String key) {
        try {
            return cache.get(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the compile cache", e);
        }
    }

    private static void write(Cache cache, String key, byte[] entry) {
        try {
            cache.putIfAbsent(key, entry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the compile cache", e);
        }
    }
}
