package dev.sockeye.api.egress;

import dev.sockeye.api.auth.CurrentCaller;
import dev.sockeye.api.auth.Requires;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/functions/{name}")
@Tag(name = "Egress")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Requires(Role.DEVELOPER)
public class EgressResource {

    @Inject
    EgressService egress;

    @Inject
    CurrentCaller caller;

    @GET
    @Path("egress")
    @Requires(Role.VIEWER)
    @Operation(summary = "The function's egress rules, mode and revision")
    public EgressBodies.PolicyView get(@PathParam("name") String name) {
        return egress.get(name);
    }

    @PUT
    @Path("egress")
    @Operation(
            summary = "Replace rules (and mode) if the policy is still at 'revision'; 409 otherwise, 422 for "
                    + "rules that do not parse. With ?dryRun=true only checks them and answers with the warnings")
    public EgressBodies.PolicyView replace(
            @PathParam("name") String name, @QueryParam("dryRun") boolean dryRun, EgressBodies.Replace request) {
        return dryRun ? egress.dryRun(name, request) : egress.replace(name, request, caller.actor());
    }

    @POST
    @Path("egress/rules")
    @Operation(summary = "Add one rule (based on 'revision' if given)")
    public EgressBodies.PolicyView addRule(@PathParam("name") String name, EgressBodies.AddRule request) {
        return egress.addRule(name, request, caller.actor());
    }

    @POST
    @Path("egress/allow")
    @Operation(
            summary = "Admit exactly one denied destination (tcp://10.0.0.5:5432): adds the narrowest rule for it "
                    + "and says which")
    public EgressBodies.Allowed allow(@PathParam("name") String name, EgressBodies.Allow request) {
        return egress.allow(name, request, caller.actor());
    }

    @DELETE
    @Path("egress/rules")
    @Operation(summary = "Remove one rule (based on 'revision' if given)")
    public EgressBodies.PolicyView removeRule(
            @PathParam("name") String name, @QueryParam("rule") String rule, @QueryParam("revision") Long revision) {
        return egress.removeRule(name, rule, revision, caller.actor());
    }

    @PUT
    @Path("egress/mode")
    @Operation(summary = "Set the mode: enforce (deny) or learn (allow and report what would be denied)")
    public EgressBodies.PolicyView setMode(@PathParam("name") String name, EgressBodies.Mode request) {
        return egress.setMode(name, request, caller.actor());
    }

    @GET
    @Path("egress/history")
    @Requires(Role.VIEWER)
    @Operation(summary = "Every write to the policy, newest first")
    public List<EgressBodies.HistoryEntry> history(@PathParam("name") String name) {
        return egress.history(name);
    }
}
