package dev.sockeye.sockets.internal.compile;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.internal.ClassLoadingCollector;
import com.dylibso.chicory.compiler.internal.Compiler;
import com.dylibso.chicory.compiler.internal.MachineFactory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Compiles a module to JVM classes with Chicory's compiler and tells which functions it left to the interpreter
 * (those too big for one JVM method), which Chicory's public {@code MachineFactoryCompiler} does not report. The
 * classes and that list are cached together, so a cache hit knows the list too.
 *
 * <p>Chicory's compiler internals are used here and nowhere else; the cache format is ours (key prefix
 * {@value #KEY_PREFIX}), so entries written by {@code MachineFactoryCompiler} are never misread.
 */
public final class GuestCompiler {
    static final String KEY_PREFIX = "sockeye-v1-";
    private static final int MAGIC = 0x534f434b; // "SOCK"

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
        // SILENT: Chicory would otherwise print a warning per interpreted function on the process's stderr.
        var result = Compiler.builder(module)
                .withInterpreterFallback(InterpreterFallback.SILENT)
                .withClassCollectorFactory(ClassLoadingCollector::new)
                .build()
                .compile();
        var collector = (ClassLoadingCollector) result.collector();
        int interpreted = result.interpretedFunctions().size();
        if (cache != null) {
            write(cache, key, serialise(collector, interpreted));
        }
        return new Compiled(new MachineFactory(module, collector.machineFactory()), interpreted);
    }

    /** The entry's compiled form, or null when it is not one of ours (it is then compiled afresh). */
    /** Whether {@code cache} holds an entry of ours for this module (checked by its header, without loading it). */
    public static boolean isCached(WasmModule module, Cache cache) {
        byte[] stored = read(cache, KEY_PREFIX + module.digest());
        return stored != null && stored.length >= 4 && ByteBuffer.wrap(stored).getInt() == MAGIC;
    }

    private static Compiled load(WasmModule module, byte[] stored) {
        try (var in = new DataInputStream(new ByteArrayInputStream(stored))) {
            if (in.readInt() != MAGIC) {
                return null;
            }
            int interpreted = in.readInt();
            String mainClass = in.readUTF();
            int classes = in.readInt();
            var collector = new ClassLoadingCollector();
            for (int i = 0; i < classes; i++) {
                String name = in.readUTF();
                byte[] bytes = in.readNBytes(in.readInt());
                if (name.equals(mainClass)) {
                    collector.putMainClass(name, bytes);
                } else {
                    collector.put(name, bytes);
                }
            }
            return new Compiled(new MachineFactory(module, collector.machineFactory()), interpreted);
        } catch (IOException e) {
            return null; // truncated: putIfAbsent writes whole files, so only a damaged disk gets here
        }
    }

    private static byte[] serialise(ClassLoadingCollector collector, int interpreted) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(interpreted);
            out.writeUTF(collector.mainClassName());
            Map<String, byte[]> classes = new LinkedHashMap<>(collector.classBytes());
            out.writeInt(classes.size());
            for (var entry : classes.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().length);
                out.write(entry.getValue());
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
