package dev.sockeye.api.invokers;

import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.functions.FunctionDefinition;
import dev.sockeye.store.invokers.KnownInvoker;
import dev.sockeye.store.invokers.ServedRevision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The invokers' heartbeats read against the store's functions: who serves what, who lags. */
@ApplicationScoped
public class InvokerService {

    @Inject
    PolicyStore store;

    public List<InvokerViews.Invoker> list() {
        var result = new ArrayList<InvokerViews.Invoker>();
        for (KnownInvoker invoker : store.invokerHeartbeats().list()) {
            var functions = new TreeMap<String, InvokerViews.Served>();
            invoker.served()
                    .forEach((name, served) ->
                            functions.put(name, new InvokerViews.Served(served.version(), served.policyRevision())));
            result.add(new InvokerViews.Invoker(
                    invoker.invokerId(),
                    invoker.startedAt(),
                    invoker.lastSeen(),
                    invoker.ready(),
                    invoker.status(),
                    invoker.stale(),
                    functions));
        }
        return result;
    }

    /**
     * Whether what an invoker serves for a function ({@code served}, null for nothing) is the store's: its active
     * version ({@code active}, null for none, then nothing should be served) at its policy revision.
     */
    static boolean servesCurrent(ServedRevision served, Integer active, long policyRevision) {
        return active == null
                ? served == null
                : served != null && served.version() == active && served.policyRevision() == policyRevision;
    }

    /** @throws dev.sockeye.store.errors.StoreException.NotFound for an unknown function (404) */
    public InvokerViews.FunctionInvokers forFunction(String name) {
        FunctionDefinition function = store.functions().get(name);
        long policyRevision = store.egressPolicies().get(name).revision();
        Integer active =
                function.activeVersion().isPresent() ? function.activeVersion().getAsInt() : null;
        var invokers = new ArrayList<InvokerViews.FunctionInvoker>();
        var lagging = new ArrayList<String>();
        for (KnownInvoker invoker : store.invokerHeartbeats().list()) {
            ServedRevision served = invoker.served().get(function.name());
            boolean current = servesCurrent(served, active, policyRevision);
            if (!current && !invoker.stale() && invoker.ready()) {
                lagging.add(invoker.invokerId());
            }
            invokers.add(new InvokerViews.FunctionInvoker(
                    invoker.invokerId(),
                    invoker.lastSeen(),
                    invoker.ready(),
                    invoker.status(),
                    invoker.stale(),
                    served == null ? null : served.version(),
                    served == null ? null : served.policyRevision(),
                    current));
        }
        return new InvokerViews.FunctionInvokers(
                function.name(), active, policyRevision, lagging.isEmpty(), List.copyOf(lagging), invokers);
    }
}
