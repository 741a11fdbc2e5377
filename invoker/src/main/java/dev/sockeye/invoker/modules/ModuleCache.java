package dev.sockeye.invoker.modules;

import dev.sockeye.invoker.registry.ServedVersion;
import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.DiskCompileCache;
import dev.sockeye.sockets.Sandbox;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Compiled modules by SHA-256, in memory, least recently used first out once their bytes exceed the budget (an
 * entry weighs its module's byte size: compiled classes grow with it). A module is compiled once however many
 * requests for it arrive together: the first compiles, the others wait for its result. Compilation goes through
 * Chicory's compile cache on disk when one is given, so a restarted invoker loads classes instead of compiling.
 * A large module seen for the first time is interpreted until its background compilation is done, so its first
 * request does not wait seconds for the compiler.
 */
public final class ModuleCache {
    /** A cache entry; {@code compiled} is false for the interpreted stand-in of a module still compiling. */
    private record Cached(CompiledGuest guest, long weight, boolean compiled) {}

    private static final System.Logger LOG = System.getLogger(ModuleCache.class.getName());

    private final Sandbox sandbox;
    private final DiskCompileCache diskCache;
    private final long budgetBytes;
    private final long interpretAboveBytes;
    private final Consumer<Duration> compileTimer;
    private final LongAdder compilations = new LongAdder();
    private final Map<String, CompletableFuture<CompiledGuest>> inFlight = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, Cached> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedBytes;

    /**
     * @param diskCache Chicory's compile cache, or null for none
     * @param budgetBytes the most module bytes kept compiled in memory
     * @param interpretAboveBytes modules larger than this (and not on disk) are interpreted while they compile
     * @param compileTimer told how long each compilation (or disk load) took
     */
    public ModuleCache(
            Sandbox sandbox,
            DiskCompileCache diskCache,
            long budgetBytes,
            long interpretAboveBytes,
            Consumer<Duration> compileTimer) {
        this.sandbox = sandbox;
        this.diskCache = diskCache;
        this.budgetBytes = budgetBytes;
        this.interpretAboveBytes = interpretAboveBytes;
        this.compileTimer = compileTimer;
    }

    /**
     * The compiled module of this version, compiling it (once) if needed. Blocks while it compiles, except for a
     * module over the interpretation threshold: that one is served by the interpreter at once while it compiles
     * (or its classes load from the disk cache) in the background, and the compiled form replaces it when ready.
     */
    public CompiledGuest get(ServedVersion version) {
        String key = version.moduleSha256();
        synchronized (entries) {
            Cached cached = entries.get(key);
            if (cached != null) {
                return cached.guest;
            }
        }
        var mine = new CompletableFuture<CompiledGuest>();
        var running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            byte[] wasm = verifiedBytes(version);
            long weight = Math.max(1, wasm.length);
            if (wasm.length > interpretAboveBytes) {
                var interim = new Cached(sandbox.interpret(wasm, diskCache), weight, false);
                store(key, interim);
                Thread.ofVirtual()
                        .name("compile-" + key.substring(0, 12))
                        .start(() -> compileInBackground(key, interim));
                mine.complete(interim.guest);
                return interim.guest;
            }
            Cached compiled = new Cached(compile(key, wasm), weight, true);
            store(key, compiled);
            mine.complete(compiled.guest);
            return compiled.guest;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private void compileInBackground(String key, Cached interim) {
        try {
            long started = System.nanoTime();
            var compiled = new Cached(compiled(key, sandbox.compile(interim.guest, diskCache)), interim.weight, true);
            compilations.increment();
            compileTimer.accept(Duration.ofNanos(System.nanoTime() - started));
            synchronized (entries) {
                // Replace only the interim entry: if it was evicted meanwhile, the next request starts over.
                entries.replace(key, interim, compiled);
            }
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "event=background-compile-failed module={0} error=\"{1}\"" + " serving=interpreter",
                    key,
                    e.getMessage());
        }
    }

    private static byte[] verifiedBytes(ServedVersion version) {
        byte[] wasm = version.moduleBytes().get();
        String actual = ServedVersion.sha256(wasm);
        if (!actual.equals(version.moduleSha256())) {
            throw new IllegalStateException(
                    "module bytes hash to " + actual + ", not the version's " + version.moduleSha256());
        }
        return wasm;
    }

    private CompiledGuest compile(String key, byte[] wasm) {
        long started = System.nanoTime();
        CompiledGuest guest = sandbox.compile(wasm, diskCache);
        compilations.increment();
        compileTimer.accept(Duration.ofNanos(System.nanoTime() - started));
        return compiled(key, guest);
    }

    /** Says in the log when a compiled module still runs some functions interpreted: they are several times slower. */
    private static CompiledGuest compiled(String key, CompiledGuest guest) {
        if (guest.interpretedFunctions() > 0) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "event=functions-interpreted module={0} count={1} reason=\"too big for one JVM method\"",
                    key,
                    guest.interpretedFunctions());
        }
        return guest;
    }

    private void store(String key, Cached compiled) {
        synchronized (entries) {
            if (entries.containsKey(key)) {
                return;
            }
            entries.put(key, compiled);
            cachedBytes += compiled.weight;
            var eldest = entries.entrySet().iterator();
            while (cachedBytes > budgetBytes && entries.size() > 1 && eldest.hasNext()) {
                var entry = eldest.next();
                if (entry.getKey().equals(key)) {
                    continue;
                }
                cachedBytes -= entry.getValue().weight;
                eldest.remove();
            }
        }
    }

    private static CompiledGuest await(CompletableFuture<CompiledGuest> running) {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a module to compile", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** How many times a module was compiled (or loaded from disk) since start: for tests and the log. */
    public long compilations() {
        return compilations.sum();
    }

    /**
     * True only if the module is in the cache and cannot read its environment ({@link CompiledGuest#readsEnvironment}):
     * a request for it needs no CGI environment built. Counts as a use of the entry.
     */
    public boolean knownNotToReadEnvironment(String sha256) {
        synchronized (entries) {
            Cached cached = entries.get(sha256);
            return cached != null && !cached.guest.readsEnvironment();
        }
    }

    public boolean contains(String sha256) {
        synchronized (entries) {
            return entries.containsKey(sha256);
        }
    }

    /**
     * How many functions of a compiled module run in the interpreter (too big for one JVM method); empty while the
     * module is not compiled in this cache. Does not count as a use of the entry.
     */
    public OptionalInt interpretedFunctions(String sha256) {
        synchronized (entries) {
            for (var entry : entries.entrySet()) {
                if (entry.getKey().equals(sha256) && entry.getValue().compiled) {
                    return OptionalInt.of(entry.getValue().guest.interpretedFunctions());
                }
            }
            return OptionalInt.empty();
        }
    }

    /** Functions that run in the interpreter, over every module compiled in this cache now: the metric's value. */
    public int interpretedFunctions() {
        synchronized (entries) {
            int total = 0;
            for (Cached cached : entries.values()) {
                if (cached.compiled) {
                    total += cached.guest.interpretedFunctions();
                }
            }
            return total;
        }
    }

    public long cachedBytes() {
        synchronized (entries) {
            return cachedBytes;
        }
    }
}
