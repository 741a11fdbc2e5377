package dev.sockeye.invoker.registry;

import dev.sockeye.invoker.routes.RouteConflictException;
import dev.sockeye.invoker.routes.RouteMatch;
import dev.sockeye.invoker.routes.RouteTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The deployed functions and their routes, held in memory and replaced atomically per change: a request sees one
 * consistent snapshot. Two feeders write it: the embedded platform directly, and in standalone mode the policy
 * store feed. Thread-safe.
 */
public final class FunctionRegistry {

    /** One consistent view: functions by name and the route table built from them. */
    public record Snapshot(Map<String, ServedFunction> functions, RouteTable routes) {
        public ServedFunction function(String name) {
            return functions.get(name);
        }

        /** The function serving a decoded request path, or empty. */
        public Optional<Trigger> resolve(String path) {
            RouteMatch match = routes.match(path);
            ServedFunction function = match == null ? null : functions.get(match.functionName());
            return function == null ? Optional.empty() : Optional.of(new Trigger(path, match, function));
        }
    }

    private final AtomicReference<Snapshot> current = new AtomicReference<>(new Snapshot(Map.of(), RouteTable.empty()));
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    public Snapshot snapshot() {
        return current.get();
    }

    /**
     * Deploys a function or replaces its previous deployment (version, routes, limits, policy).
     *
     * @throws RouteConflictException if one of its routes conflicts with another function's; nothing changes then
     */
    public void deploy(ServedFunction function) {
        current.updateAndGet(snapshot -> with(snapshot, function));
        changed();
    }

    /** Removes a function and its routes; a no-op if it is not deployed. */
    public void remove(String name) {
        current.updateAndGet(snapshot -> {
            var functions = new HashMap<>(snapshot.functions);
            functions.remove(name);
            return new Snapshot(Map.copyOf(functions), snapshot.routes.remove(name));
        });
        changed();
    }

    /**
     * Replaces every function at once (a feed's full reload).
     *
     * @throws RouteConflictException if the set holds conflicting routes; nothing changes then
     */
    public void replaceAll(Collection<ServedFunction> functions) {
        var next = new Snapshot(Map.of(), RouteTable.empty());
        for (ServedFunction function : functions) {
            next = with(next, function);
        }
        current.set(next);
        changed();
    }

    /**
     * Calls {@code listener} after every change, on the changing thread (so it must return quickly): e.g. the
     * heartbeat, which then reports what the registry serves without waiting for its interval.
     */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    private void changed() {
        for (Runnable listener : changeListeners) {
            listener.run();
        }
    }

    public List<String> names() {
        return new ArrayList<>(current.get().functions.keySet());
    }

    private static Snapshot with(Snapshot snapshot, ServedFunction function) {
        var routes = new ArrayList<String>(function.routes());
        String defaultRoute = "/fn/" + function.name() + "/...";
        if (!routes.contains(defaultRoute)) {
            routes.add(defaultRoute);
        }
        RouteTable table = snapshot.routes.add(function.name(), routes);
        var functions = new HashMap<>(snapshot.functions);
        functions.put(function.name(), function);
        return new Snapshot(Map.copyOf(functions), table);
    }
}
