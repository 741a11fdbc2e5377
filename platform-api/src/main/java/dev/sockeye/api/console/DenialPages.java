package dev.sockeye.api.console;

import dev.sockeye.api.auth.ConsoleSessions;
import dev.sockeye.api.auth.CookieSession;
import dev.sockeye.api.auth.CurrentCaller;
import dev.sockeye.api.auth.Requires;
import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.api.egress.EgressBodies;
import dev.sockeye.api.egress.EgressService;
import dev.sockeye.api.functions.FunctionService;
import dev.sockeye.api.functions.FunctionView;
import dev.sockeye.api.observability.AuditService;
import dev.sockeye.api.observability.EgressEventHub;
import dev.sockeye.store.tokens.Role;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The live denials feed: the newest denials from the audit log, then each new one as it happens, pushed as a rendered
 * table row over server-sent events (htmx's sse extension swaps it in and reconnects after a restart). "Allow" adds
 * the narrowest rule for the destination through {@link EgressService#allow}, as {@code POST .../egress/allow} does.
 */
@Path("/console/denials")
@CookieSession
@Requires(Role.VIEWER)
@Produces(MediaType.TEXT_HTML)
public class DenialPages {

    private static final int EARLIER = 20;

    /** The event that ends a feed whose session ended; {@code denials.html} swaps it in and closes on it. */
    static final String SIGNED_OUT = "signed-out";

    private static final String SIGNED_OUT_MESSAGE = "<strong>Signed out</strong>: the session ended (token revoked "
            + "or expired, or idle too long), so the live feed stopped. <a href=\"/console/sign-in\">Sign in again</a>";

    @Inject
    SockeyeConfig config;

    @Inject
    FunctionService functions;

    @Inject
    AuditService audit;

    @Inject
    EgressService egress;

    @Inject
    EgressEventHub hub;

    @Inject
    ConsoleSessions sessions;

    @Inject
    CurrentCaller caller;

    @GET
    @Operation(hidden = true)
    public Response feed(
            @QueryParam("function") String function,
            @QueryParam("decision") String decision,
            @CookieParam(ConsoleSessions.COOKIE) String session) {
        DenialFilter filter = DenialFilter.of(function, decision);
        List<String> names = functions.list().stream().map(FunctionView::name).toList();
        if (filter.function() != null && !names.contains(filter.function())) {
            functions.get(filter.function()); // unknown: the 404 names it
        }
        List<DenialRow> earlier =
                audit.egressEvents(filter.function(), "denied", null, null, 0, EARLIER).items().stream()
                        .map(DenialRow::of)
                        .filter(filter::shows)
                        .toList();
        return Response.ok(Templates.denials(chrome(session), names, filter, earlier))
                .build();
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_HTML)
    @Blocking
    @Operation(hidden = true)
    public Multi<OutboundSseEvent> stream(
            @QueryParam("function") String function,
            @QueryParam("decision") String decision,
            @CookieParam(ConsoleSessions.COOKIE) String session,
            @Context Sse sse) {
        DenialFilter filter = DenialFilter.of(function, decision);
        Chrome chrome = chrome(session);
        Multi<OutboundSseEvent> rows = hub.events(filter.function(), filter.decision())
                // One SSE data line per row: the row's markup does not need its line breaks.
                .map(event -> html(
                        sse,
                        null,
                        Templates.denialRow(chrome, DenialRow.of(event))
                                .render()
                                .replaceAll("\\s*\\R\\s*", " ")
                                .strip()));
        return untilSignedOut(sse, rows, session);
    }

    /**
     * The feed's rows until the session ends (token revoked, session idle too long, signed out): then one
     * {@value #SIGNED_OUT} event, which the page shows and which closes its event source, and the stream ends.
     */
    private Multi<OutboundSseEvent> untilSignedOut(Sse sse, Multi<OutboundSseEvent> rows, String session) {
        return Multi.createFrom().emitter(emitter -> {
            Cancellable feed = rows.subscribe().with(emitter::emit, emitter::fail, emitter::complete);
            // Ticks run on Mutiny's worker pool, where the check's token lookup may block.
            Cancellable checks = Multi.createFrom()
                    .ticks()
                    .every(config.console().feedSessionCheck())
                    .subscribe()
                    .with(tick -> {
                        if (!sessions.isLive(session)) {
                            Log.infof("event=console_feed_signed_out");
                            emitter.emit(html(sse, SIGNED_OUT, SIGNED_OUT_MESSAGE));
                            emitter.complete();
                        }
                    });
            emitter.onTermination(() -> {
                feed.cancel();
                checks.cancel();
            });
        });
    }

    private static OutboundSseEvent html(Sse sse, String name, String data) {
        OutboundSseEvent.Builder event =
                sse.newEventBuilder().mediaType(MediaType.TEXT_HTML_TYPE).data(data);
        return (name == null ? event : event.name(name)).build();
    }

    @POST
    @Path("allow")
    @Requires(Role.DEVELOPER)
    @Operation(hidden = true)
    public Response allow(
            @RestForm("csrf") String csrf,
            @RestForm("function") String function,
            @RestForm("destination") String destination,
            @HeaderParam("HX-Request") String htmx,
            @CookieParam(ConsoleSessions.COOKIE) String session) {
        sessions.requireCsrf(session, csrf);
        if (htmx == null) {
            // Without JavaScript: allow, then show the policy that now holds the rule.
            egress.allow(function, new EgressBodies.Allow(destination, null), caller.actor());
            return Response.seeOther(URI.create("/console/functions/" + function + "#egress"))
                    .build();
        }
        try {
            EgressBodies.Allowed allowed =
                    egress.allow(function, new EgressBodies.Allow(destination, null), caller.actor());
            return Response.ok(Templates.allowed(function, allowed, FormError.NONE))
                    .build();
        } catch (RuntimeException refused) {
            // htmx swaps only 2xx answers: the refusal comes as 200, the API's status in a header and the fragment.
            FormError error = FormError.of("allow", refused);
            return Response.ok(Templates.allowed(function, null, error))
                    .header("X-Sockeye-Status", error.status())
                    .build();
        }
    }

    private Chrome chrome(String session) {
        return Chrome.of(caller.get(), sessions, session, "denials");
    }
}
