package dev.sockeye.api.versions;

import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.api.problems.ApiException;
import dev.sockeye.api.problems.ProblemTypes;
import dev.sockeye.api.triggers.EmbeddedInvoker;
import dev.sockeye.invoker.store.FileBundles;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.errors.StoreException;
import dev.sockeye.store.functions.FunctionDefinition;
import dev.sockeye.store.modules.StoredModule;
import dev.sockeye.store.versions.FunctionVersion;
import dev.sockeye.store.versions.VersionSpec;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/** Versions: validated uploads, activation and rollback, and env changes (which are new versions). */
@ApplicationScoped
public class VersionService {

    @Inject
    PolicyStore store;

    @Inject
    ModuleInspector inspector;

    @Inject
    EmbeddedInvoker invoker;

    @Inject
    SockeyeConfig config;

    /** Checks everything first (function exists, module, files, env), then stores module, files and version. */
    public VersionView upload(String functionName, Upload upload, String actor) {
        long started = System.nanoTime();
        store.functions().get(functionName);
        InspectedModule module = inspector.inspect(upload.wasm());
        upload.files().ifPresent(this::requireFileBundle);
        // Validates args and env before anything is written.
        new VersionSpec(module.sha256(), upload.args(), upload.env(), java.util.Optional.empty());
        long validated = System.nanoTime();
        // Valid: the invoker may start preparing it while the store writes (an unused cache entry is harmless).
        invoker.prepare(upload.wasm());
        store.modules().upload(upload.wasm(), actor);
        var filesSha256 = upload.files().map(zip -> store.fileBundles().upload(zip, actor));
        FunctionVersion version = store.versions()
                .create(
                        functionName,
                        new VersionSpec(module.sha256(), upload.args(), upload.env(), filesSha256),
                        actor);
        if (upload.activate()) {
            store.functions().activate(functionName, version.number());
            invoker.follow(functionName);
        }
        Log.infof(
                "event=version_created function=%s version=%d module=%s bytes=%d validate_ms=%d store_ms=%d",
                functionName,
                version.number(),
                module.sha256(),
                module.sizeBytes(),
                (validated - started) / 1_000_000,
                (System.nanoTime() - validated) / 1_000_000);
        return view(version, upload.activate());
    }

    public List<VersionView> list(String functionName) {
        OptionalInt active = store.functions().get(functionName).activeVersion();
        return store.versions().list(functionName).stream()
                .map(version -> view(version, active.isPresent() && active.getAsInt() == version.number()))
                .toList();
    }

    public VersionView get(String functionName, int number) {
        OptionalInt active = store.functions().get(functionName).activeVersion();
        return view(store.versions().get(functionName, number), active.isPresent() && active.getAsInt() == number);
    }

    public VersionView activate(String functionName, int number) {
        store.functions().activate(functionName, number);
        invoker.follow(functionName);
        return get(functionName, number);
    }

    /** Activates the highest version below the active one. */
    public VersionView rollBack(String functionName) {
        FunctionDefinition function = store.functions().get(functionName);
        if (function.activeVersion().isEmpty()) {
            throw new StoreException.Conflict("function '" + functionName + "' has no active version to roll back");
        }
        int active = function.activeVersion().getAsInt();
        int previous = store.versions().list(functionName).stream()
                .mapToInt(FunctionVersion::number)
                .filter(number -> number < active)
                .max()
                .orElseThrow(() -> new StoreException.Conflict("function '" + functionName + "' has no version "
                        + "before the active version " + active + " to roll back to"));
        return activate(functionName, previous);
    }

    /** The environment of the active version (or the latest one if none is active). */
    public Map<String, String> environment(String functionName) {
        return base(functionName).env();
    }

    /**
     * Sets ({@code value} non-null) or unsets a variable: versions are immutable, so this creates a version like the
     * base one with the changed environment, and activates it if the base was active.
     */
    public VersionView changeEnvironment(String functionName, String variable, String value, String actor) {
        FunctionVersion base = base(functionName);
        Map<String, String> env = new TreeMap<>(base.env());
        if (value == null) {
            if (env.remove(variable) == null) {
                throw new StoreException.NotFound(
                        "function '" + functionName + "' has no environment variable " + variable);
            }
        } else {
            env.put(variable, value);
        }
        boolean wasActive = store.functions().get(functionName).activeVersion().equals(OptionalInt.of(base.number()));
        FunctionVersion version = store.versions()
                .create(
                        functionName,
                        new VersionSpec(base.moduleSha256(), base.args(), env, base.fileBundleSha256()),
                        actor);
        if (wasActive) {
            store.functions().activate(functionName, version.number());
            invoker.follow(functionName);
        }
        return view(version, wasActive);
    }

    private FunctionVersion base(String functionName) {
        FunctionDefinition function = store.functions().get(functionName);
        if (function.activeVersion().isPresent()) {
            return store.versions().get(functionName, function.activeVersion().getAsInt());
        }
        return store.versions().list(functionName).stream()
                .findFirst()
                .orElseThrow(() -> new ApiException(
                        409,
                        dev.sockeye.api.problems.ProblemTypes.CONFLICT,
                        "Conflict",
                        "function '" + functionName + "' has no version yet; upload one first",
                        null,
                        List.of()));
    }

    private VersionView view(FunctionVersion version, boolean active) {
        StoredModule module = store.modules().get(version.moduleSha256());
        Integer interpreted = invoker.interpretedFunctions(module.sha256()).stream()
                .boxed()
                .findFirst()
                .orElse(null);
        return VersionView.of(version, module, interpreted, active);
    }

    /** A version's files: a bundle within the size limit that every invoker can unpack. */
    private void requireFileBundle(byte[] zip) {
        long limit = config.versions().maxFilesSize().asLongValue();
        if (zip.length > limit) {
            throw new ApiException(
                    413,
                    ProblemTypes.MODULE_TOO_LARGE,
                    "Files too large",
                    "the files zip has " + zip.length + " bytes; the limit is " + limit
                            + " (sockeye.versions.max-files-size)",
                    "files",
                    List.of());
        }
        try {
            FileBundles.check(zip);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("files", e.getMessage());
        }
    }
}
