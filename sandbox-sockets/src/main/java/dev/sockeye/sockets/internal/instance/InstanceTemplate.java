package dev.sockeye.sockets.internal.instance;

import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.GlobalFactory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableFactory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Global;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TagType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What Chicory's {@code Instance.Builder} works out for every instance, worked out once per module: the export map,
 * the function type table, the import values in import order, the table and element lists. Chicory's builder
 * re-resolves every import by name with streams and string concatenation on each build, which was most of what a
 * short guest run allocated (bench/invoker RequestPathCost, docs/benchmarks.md P1).
 *
 * <p>The first instance of a module is built by Chicory's builder, so a module that does not link fails there, with
 * Chicory's message, as before; the later ones call the instance constructor the builder itself ends with, through
 * a method handle, with the prepared arrays. Chicory's constructor copies the arrays it may change (functions,
 * types, elements, globals); the data segments, which a {@code data.drop} replaces in place, are copied here per
 * instance. Where that constructor is not accessible (Chicory on the module path, or a Chicory whose constructor
 * has another shape) every instance goes through the builder: slower, same result.
 */
public final class InstanceTemplate {
    private static final System.Logger LOG = System.getLogger(InstanceTemplate.class.getName());
    /** Chicory 1.7's package-private {@code Instance} constructor, or null where it cannot be reached. */
    private static final MethodHandle CONSTRUCTOR = instanceConstructor();

    private final WasmModule module;
    private final ImportValues importValues;
    private final Function<Instance, Machine> machineFactory;
    private final Global[] globalInitializers;
    private final DataSegment[] dataSegments;
    private final FunctionBody[] functions;
    private final FunctionType[] types;
    private final int[] functionTypes;
    private final Table[] tables;
    private final Element[] elements;
    private final TagType[] tags;
    private final Map<String, Export> exports;
    private final int memoryCount;
    /** Set once Chicory's builder has built (and so validated) one instance of the module with these imports. */
    private volatile boolean linked;

    /**
     * @param importValues one host function per import of the module, in import order (what the builder's import
     *     resolution would choose; {@code Preview1Linker.LinkPlan} resolves them so)
     */
    public InstanceTemplate(WasmModule module, ImportValues importValues, Function<Instance, Machine> machineFactory) {
        this.module = module;
        this.importValues = importValues;
        this.machineFactory = machineFactory;
        this.globalInitializers = module.globalSection().globals();
        this.dataSegments = module.dataSection().dataSegments();
        this.functions = module.codeSection().functionBodies();
        this.types = module.typeSection().types();
        this.functionTypes = functionTypes(module);
        this.tables = new Table[module.tableSection().tableCount()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = module.tableSection().getTable(i);
        }
        this.elements = module.elementSection().elements();
        this.tags = module.tagSection().map(TagSection::types).orElse(null);
        var exportSection = module.exportSection();
        var byName = new HashMap<String, Export>();
        for (int i = 0; i < exportSection.exportCount(); i++) {
            Export export = exportSection.getExport(i);
            byName.put(export.name(), export);
        }
        this.exports = byName;
        this.memoryCount =
                module.memorySection().map(section -> section.memoryCount()).orElse(0);
    }

    /**
     * A new, initialised instance (globals, tables, memory zeroed and its data segments copied in; {@code _start}
     * not run) whose first memory, if the module defines one, comes from {@code memoryFactory} with
     * {@code memoryLimits}.
     */
    public Instance instantiate(Function<MemoryLimits, Memory> memoryFactory, MemoryLimits memoryLimits) {
        if (!linked || CONSTRUCTOR == null || memoryCount > 1 || memoryLimits == null && memoryCount > 0) {
            var builder = Instance.builder(module)
                    .withImportValues(importValues)
                    .withMachineFactory(machineFactory)
                    .withStart(false);
            if (memoryLimits != null) {
                builder.withMemoryLimits(memoryLimits).withMemoryFactory(memoryFactory);
            }
            Instance instance = builder.build();
            linked = true;
            return instance;
        }
        Memory[] memories = memoryCount == 0 ? new Memory[0] : new Memory[] {memoryFactory.apply(memoryLimits)};
        try {
            return (Instance) CONSTRUCTOR.invokeExact(
                    module,
                    globalInitializers,
                    memories,
                    dataSegments.clone(),
                    functions,
                    types,
                    functionTypes,
                    importValues,
                    tables,
                    elements,
                    tags,
                    exports,
                    machineFactory,
                    (TableFactory) null,
                    (GlobalFactory) null,
                    true,
                    false,
                    (ExecutionListener) null);
        } catch (RuntimeException | Error e) {
            throw e; // traps in segment initialisation and the like: the same as from the builder
        } catch (Throwable e) {
            throw new IllegalStateException("instantiating a prepared module failed", e);
        }
    }

    /** Whether later instances skip Chicory's builder (false where its constructor is not accessible). */
    public static boolean prepared() {
        return CONSTRUCTOR != null;
    }

    private static int[] functionTypes(WasmModule module) {
        var imports = module.importSection();
        int importedFunctions = imports.count(ExternalType.FUNCTION);
        var types = new int[importedFunctions + module.functionSection().functionCount()];
        int next = 0;
        for (int i = 0; i < imports.importCount(); i++) {
            if (imports.getImport(i) instanceof FunctionImport function) {
                types[next++] = function.typeIndex();
            }
        }
        for (int i = 0; i < module.functionSection().functionCount(); i++) {
            types[next++] = module.functionSection().getFunctionType(i);
        }
        return types;
    }

    private static MethodHandle instanceConstructor() {
        try {
            var lookup = MethodHandles.privateLookupIn(Instance.class, MethodHandles.lookup());
            return lookup.findConstructor(
                    Instance.class,
                    MethodType.methodType(
                            void.class,
                            WasmModule.class,
                            Global[].class,
                            Memory[].class,
                            DataSegment[].class,
                            FunctionBody[].class,
                            FunctionType[].class,
                            int[].class,
                            ImportValues.class,
                            Table[].class,
                            Element[].class,
                            TagType[].class,
                            Map.class,
                            Function.class,
                            TableFactory.class,
                            GlobalFactory.class,
                            boolean.class,
                            boolean.class,
                            ExecutionListener.class));
        } catch (ReflectiveOperationException | IllegalArgumentException | SecurityException e) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "event=instance-template-unavailable reason=\"{0}\" effect=\"every instance is built by"
                            + " Chicory's builder\"",
                    e.toString());
            return null;
        }
    }
}
