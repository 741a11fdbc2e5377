package dev.sockeye.sockets.modules;

import java.util.List;
import java.util.Objects;

/**
 * What a parsed module needs from the host, found without compiling it: the control plane checks an upload with it
 * and shows it in the version's metadata. A module runs only when {@link #runnable()}.
 *
 * @param imports every import as {@code module.name}, in the module's order
 * @param unsatisfiedImports the imports Sockeye's host cannot satisfy; empty when the module links
 * @param unsupportedFeatures engine features the module uses that Sockeye does not run (e.g. {@code relaxed SIMD
 *     (i8x16.relaxed_swizzle)});
 *     empty when there are none
 * @param usesSockets whether it imports any {@code sock_*} call (of either WASI snapshot)
 * @param memory the limits its memory declares, or null when it declares none
 * @param functionCount the functions it defines (imports not counted)
 */
public record ModuleInspection(
        List<String> imports,
        List<UnsatisfiedImport> unsatisfiedImports,
        List<String> unsupportedFeatures,
        boolean usesSockets,
        DeclaredMemory memory,
        int functionCount) {

    public ModuleInspection {
        imports = List.copyOf(imports);
        unsatisfiedImports = List.copyOf(unsatisfiedImports);
        unsupportedFeatures = List.copyOf(unsupportedFeatures);
    }

    /** True when every import links and no unsupported feature is used. */
    public boolean runnable() {
        return unsatisfiedImports.isEmpty() && unsupportedFeatures.isEmpty();
    }

    /**
     * A module's declared memory, in 64 KiB pages.
     *
     * @param initialPages the pages it starts with
     * @param maximumPages the most it may grow to; 65,536 (4 GiB) when it declares no maximum
     */
    public record DeclaredMemory(int initialPages, int maximumPages) {
        public DeclaredMemory {
            if (initialPages < 0 || maximumPages < initialPages) {
                throw new IllegalArgumentException("memory " + initialPages + ".." + maximumPages);
            }
        }
    }

    /**
     * Whether an import, written {@code module.name}, is a socket call: a {@code sock_*} function of
     * {@code wasi_snapshot_preview1} or {@code wasi_unstable}. The one rule behind {@link #usesSockets()}.
     */
    public static boolean isSocketImport(String moduleDotName) {
        return moduleDotName.startsWith("wasi_snapshot_preview1.sock_")
                || moduleDotName.startsWith("wasi_unstable.sock_");
    }

    /** The message for a module that uses unsupported features: {@code uses X (not supported)}. */
    public static String unsupportedMessage(List<String> features) {
        Objects.requireNonNull(features);
        return "uses " + String.join(" and ", features) + " (not supported)";
    }
}
