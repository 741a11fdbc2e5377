package dev.sockeye.api.console;

import dev.sockeye.api.auth.ConsoleSession;
import dev.sockeye.api.auth.ConsoleSessions;
import dev.sockeye.api.auth.CookieSession;
import dev.sockeye.api.auth.Requires;
import dev.sockeye.api.functions.FunctionService;
import dev.sockeye.api.functions.FunctionView;
import dev.sockeye.api.observability.AuditService;
import dev.sockeye.api.observability.AuditViews;
import dev.sockeye.store.tokens.Role;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The "try it" box of a function's page: sends one request to the function's own trigger on this process's port,
 * exactly as a client would (with the signed-in token, so a private function answers too), and shows what came back.
 * Only the function's trigger paths are reachable this way, never the API or the console.
 */
@Path("/console/functions/{name}/try")
@CookieSession
@Requires(Role.VIEWER)
@Produces(MediaType.TEXT_HTML)
public class TryPages {

    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE");
    private static final int SHOWN_BODY_CHARS = 16_384;
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long the answer waits for the run's audit record (its stderr tail) to be written. */
    private static final Duration STDERR_WAIT = Duration.ofSeconds(3);

    private static final String INVOCATION_ID = "Sockeye-Invocation-Id";
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    FunctionService functions;

    @Inject
    ConsoleSessions sessions;

    @Inject
    AuditService audit;

    @POST
    @Operation(hidden = true)
    public Response tryIt(
            @PathParam("name") String name,
            @RestForm("csrf") String csrf,
            @RestForm("method") String method,
            @RestForm("path") String path,
            @RestForm("body") String body,
            @CookieParam(ConsoleSessions.COOKIE) String session,
            @Context HttpServerRequest request) {
        sessions.requireCsrf(session, csrf);
        FunctionView function = functions.get(name);
        String verb = method == null ? "GET" : method.strip().toUpperCase(Locale.ROOT);
        String target = path == null || path.isBlank() ? "/fn/" + name : path.strip();
        FormError refusal = refusal(function, verb, target);
        if (refusal != null) {
            return Response.ok(Templates.tryResult(null, refusal))
                    .header("X-Sockeye-Status", refusal.status())
                    .build();
        }
        String token = sessions.find(session).map(ConsoleSession::apiToken).orElseThrow();
        URI address;
        try {
            address = URI.create("http://127.0.0.1:" + request.localAddress().port() + target);
        } catch (IllegalArgumentException e) {
            FormError bad = new FormError("try", 400, "path is not a valid URL path: " + e.getMessage(), List.of());
            return Response.ok(Templates.tryResult(null, bad))
                    .header("X-Sockeye-Status", 400)
                    .build();
        }
        HttpRequest.Builder call = HttpRequest.newBuilder(address)
                .timeout(WAIT)
                .header("Authorization", "Bearer " + token)
                .method(
                        verb,
                        body == null || body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> answer = CLIENT.send(call.build(), HttpResponse.BodyHandlers.ofString());
            // The run's stderr tail is in its audit record, named by the response's invocation id.
            Optional<AuditViews.Invocation> run =
                    answer.headers().firstValue(INVOCATION_ID).flatMap(id -> recorded(id));
            return Response.ok(Templates.tryResult(TryResult.of(verb, target, answer, run), FormError.NONE))
                    .build();
        } catch (IOException e) {
            FormError failed = new FormError("try", 502, "the trigger did not answer: " + e.getMessage(), List.of());
            return Response.ok(Templates.tryResult(null, failed)).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the trigger", e);
        }
    }

    private Optional<AuditViews.Invocation> recorded(String id) {
        try {
            return audit.recordedInvocation(id, STDERR_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Why this request may not be sent from the console, or null. */
    private static FormError refusal(FunctionView function, String verb, String target) {
        if (!METHODS.contains(verb)) {
            return new FormError("try", 400, "method must be one of " + String.join(", ", METHODS), List.of());
        }
        boolean ownPath = target.equals("/fn/" + function.name())
                || target.startsWith("/fn/" + function.name() + "/")
                || target.startsWith("/fn/" + function.name() + "?")
                || function.routes().stream()
                        .anyMatch(route -> target.equals(route)
                                || target.startsWith(route + "/")
                                || target.startsWith(route + "?"));
        if (!target.startsWith("/") || target.contains("..") || !ownPath) {
            return new FormError(
                    "try",
                    400,
                    "path must be one of this function's trigger paths (/fn/" + function.name()
                            + (function.routes().isEmpty() ? "" : " or " + String.join(", ", function.routes()))
                            + "), was '" + target + "'",
                    List.of());
        }
        return null;
    }

    /**
     * What the trigger answered.
     *
     * @param body the body as text, cut at {@value #SHOWN_BODY_CHARS} characters
     */
    public record TryResult(
            String method,
            String path,
            int status,
            List<Header> headers,
            String body,
            boolean cut,
            String invocationId,
            String stderrTail) {

        static TryResult of(
                String method, String path, HttpResponse<String> answer, Optional<AuditViews.Invocation> run) {
            String text = answer.body() == null ? "" : answer.body();
            boolean cut = text.length() > SHOWN_BODY_CHARS;
            List<Header> headers = answer.headers().map().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .flatMap(entry -> entry.getValue().stream().map(value -> new Header(entry.getKey(), value)))
                    .toList();
            return new TryResult(
                    method,
                    path,
                    answer.statusCode(),
                    headers,
                    cut ? text.substring(0, SHOWN_BODY_CHARS) : text,
                    cut,
                    answer.headers().firstValue(INVOCATION_ID).orElse(null),
                    run.map(AuditViews.Invocation::stderrTail).orElse(null));
        }
    }

    /** One response header line. */
    public record Header(String name, String value) {}
}
