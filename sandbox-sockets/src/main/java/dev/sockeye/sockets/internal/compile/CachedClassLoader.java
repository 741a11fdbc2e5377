package dev.sockeye.sockets.internal.compile;

import static java.lang.invoke.MethodHandleProxies.asInterfaceInstance;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Defines the classes of a compile cache entry when the JVM first asks for each one, not all at once. Chicory's own
 * collector defines and initialises every class of a module as it receives it (to have the JVM verify them while
 * compiling); a 160,000-function module holds dozens of classes of a megabyte or more, and a run that calls a few
 * functions needs a few of them. The classes were verified when they were compiled into the cache; those used are
 * verified again as the JVM links them.
 */
final class CachedClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    /** Class bytes by binary name ({@code a.b.C}); an entry is dropped once its class is defined. */
    private final Map<String, byte[]> undefined;

    /** @param classes class bytes by name, as Chicory's collector names them (binary or internal form) */
    CachedClassLoader(Map<String, byte[]> classes) {
        super(CachedClassLoader.class.getClassLoader());
        this.undefined = new ConcurrentHashMap<>(classes.size());
        classes.forEach((name, bytes) -> undefined.put(name.replace('/', '.'), bytes));
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = undefined.remove(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    /** The machine factory of the entry's main class, a {@code Machine} with an {@code (Instance)} constructor. */
    Function<Instance, Machine> machineFactory(String mainClass) {
        try {
            var machine = loadClass(mainClass.replace('/', '.')).asSubclass(Machine.class);
            var constructor = MethodHandles.publicLookup()
                    .findConstructor(machine, MethodType.methodType(void.class, Instance.class));
            @SuppressWarnings("unchecked")
            Function<Instance, Machine> factory = asInterfaceInstance(Function.class, constructor);
            return factory;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the compile cache entry's main class " + mainClass + " is unusable", e);
        }
    }
}
