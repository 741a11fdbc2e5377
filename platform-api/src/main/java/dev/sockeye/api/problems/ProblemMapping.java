package dev.sockeye.api.problems;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.sockeye.sockets.egress.InvalidEgressPolicyException;
import dev.sockeye.store.errors.StoreException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP responses: every error the API sends is an RFC 7807 problem whose
 * detail names the bad input.
 */
public class ProblemMapping {

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        Response response =
                respond(new Problem(e.type(), e.title(), e.status(), e.getMessage(), path(uri), e.field(), e.errors()));
        if (e.retryAfterSeconds() > 0) {
            return Response.fromResponse(response)
                    .header("Retry-After", Integer.toString(e.retryAfterSeconds()))
                    .build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response notFound(StoreException.NotFound e, UriInfo uri) {
        return respond(new Problem(ProblemTypes.NOT_FOUND, "Not found", 404, e.getMessage(), path(uri), null, null));
    }

    @ServerExceptionMapper
    public Response conflict(StoreException.Conflict e, UriInfo uri) {
        return respond(new Problem(ProblemTypes.CONFLICT, "Conflict", 409, e.getMessage(), path(uri), null, null));
    }

    @ServerExceptionMapper
    public Response invalid(StoreException.Invalid e, UriInfo uri) {
        return respond(new Problem(ProblemTypes.INVALID, "Invalid input", 400, e.getMessage(), path(uri), null, null));
    }

    @ServerExceptionMapper
    public Response unavailable(StoreException.Unavailable e, UriInfo uri) {
        Log.warnf("event=store_unavailable path=%s cause=%s", path(uri), e.getMessage());
        return Response.fromResponse(respond(new Problem(
                        ProblemTypes.UNAVAILABLE, "Store unavailable", 503, e.getMessage(), path(uri), null, null)))
                .header("Retry-After", "1")
                .build();
    }

    /** Rules reaching the store's validator without passing the service's check first (defence in depth). */
    @ServerExceptionMapper
    public Response invalidRules(InvalidEgressPolicyException e, UriInfo uri) {
        List<Problem.Item> items = e.problems().stream()
                .map(problem -> new Problem.Item("rules", problem.rule(), problem.getMessage()))
                .toList();
        return respond(new Problem(
                ProblemTypes.INVALID_EGRESS_RULES,
                "Invalid egress rules",
                422,
                e.problems().stream().map(Throwable::getMessage).collect(Collectors.joining("; ")),
                path(uri),
                "rules",
                items));
    }

    /** Listed one by one: quarkus-rest-jackson maps the specific types itself, without a problem body. */
    @ServerExceptionMapper({
        JsonProcessingException.class,
        JsonParseException.class,
        MismatchedInputException.class,
        InvalidFormatException.class
    })
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException mapping ? fieldPath(mapping) : null;
        String detail = "request body is not valid JSON for this resource"
                + (field == null ? "" : " at field '" + field + "'") + ": " + e.getOriginalMessage();
        return respond(new Problem(ProblemTypes.BAD_REQUEST, "Bad request", 400, detail, path(uri), field, null));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return respond(new Problem("about:blank", title, status, e.getMessage(), path(uri), null, null));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        Log.errorf(e, "event=unexpected_error path=%s", path(uri));
        return respond(new Problem(
                ProblemTypes.INTERNAL,
                "Internal error",
                500,
                "unexpected " + e.getClass().getSimpleName() + "; see the server log",
                path(uri),
                null,
                null));
    }

    private static String fieldPath(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return null;
        }
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }
}
