package dev.sockeye.api.functions;

import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.api.problems.ApiException;
import dev.sockeye.api.triggers.EmbeddedInvoker;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.audit.FunctionActivity;
import dev.sockeye.store.functions.FunctionDefinition;
import dev.sockeye.store.functions.FunctionLimits;
import dev.sockeye.store.functions.FunctionSpec;
import dev.sockeye.store.functions.TriggerVisibility;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** Functions: create, read, update the settings, delete with everything that belongs to them. */
@ApplicationScoped
public class FunctionService {

    @Inject
    PolicyStore store;

    @Inject
    SockeyeConfig config;

    @Inject
    EmbeddedInvoker invoker;

    public FunctionView create(FunctionRequests.Create request, String actor) {
        if (request == null) {
            throw ApiException.badRequest("body", "a JSON body with at least a name is required");
        }
        if (request.name() == null) {
            throw ApiException.badRequest("name", "name is required");
        }
        FunctionLimits limits = request.limits() == null
                ? FunctionLimits.DEFAULTS
                : LimitCeilings.require(request.limits().over(FunctionLimits.DEFAULTS), config.limits());
        FunctionSpec spec = new FunctionSpec(
                request.name(),
                request.description(),
                limits,
                request.routes(),
                FunctionRequests.visibility(request.visibility(), TriggerVisibility.PRIVATE));
        return FunctionView.of(store.functions().create(spec, actor), FunctionActivity.NONE);
    }

    public List<FunctionView> list() {
        Map<String, FunctionActivity> activity = store.auditLog().activity();
        return store.functions().list().stream()
                .map(function ->
                        FunctionView.of(function, activity.getOrDefault(function.name(), FunctionActivity.NONE)))
                .toList();
    }

    public FunctionView get(String name) {
        FunctionDefinition function = store.functions().get(name);
        return FunctionView.of(function, store.auditLog().activity().getOrDefault(name, FunctionActivity.NONE));
    }

    /**
     * Applies each given field. Everything is validated before the first write, so a bad field changes nothing;
     * the writes themselves are one per setting (each its own change-feed entry).
     */
    public FunctionView update(String name, FunctionRequests.Update request) {
        if (request == null) {
            throw ApiException.badRequest("body", "a JSON body with the fields to change is required");
        }
        FunctionDefinition current = store.functions().get(name);
        FunctionLimits limits = request.limits() == null
                ? null
                : LimitCeilings.require(request.limits().over(current.limits()), config.limits());
        TriggerVisibility visibility = FunctionRequests.visibility(request.visibility(), null);
        if (request.routes() != null) {
            dev.sockeye.store.functions.Routes.requireValid(request.routes());
        }
        if (request.description() != null) {
            store.functions().updateDescription(name, request.description());
        }
        if (limits != null && !limits.equals(current.limits())) {
            store.functions().updateLimits(name, limits);
        }
        if (request.routes() != null) {
            store.functions().replaceRoutes(name, request.routes());
        }
        if (visibility != null && visibility != current.visibility()) {
            store.functions().setVisibility(name, visibility);
        }
        invoker.follow(name);
        return get(name);
    }

    /** Deletes the function with its versions, policy and secrets; its audit rows stay. */
    public void delete(String name) {
        store.functions().delete(name);
        invoker.follow(name);
    }
}
