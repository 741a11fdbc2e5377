package dev.sockeye.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.api.problems.Problem;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The standalone invoker's request-head limits for everything this process serves (triggers, API, console): a
 * request line over {@code sockeye.http.max-request-line-bytes} gets a 414 problem, request headers over
 * {@code sockeye.http.max-request-header-bytes} a 431 problem, both before any function or resource is chosen.
 * Vert.x parses the head first, up to the larger {@code quarkus.http.limits} in application.properties; beyond
 * those it answers 414/431 itself, with an empty body, before any code of ours runs.
 *
 * <p>The connection idle timeout ({@code quarkus.http.idle-timeout}) bounds a client that stops half way through
 * its request; a server-sent event stream, quiet for as long as nothing happens, is exempt for its connection.
 */
@ApplicationScoped
public class RequestHeadLimits {

    /** The request line's fixed parts besides method and URI: two spaces and {@code HTTP/1.1}. */
    private static final int REQUEST_LINE_FRAMING = 2 + "HTTP/1.1".length();
    /** Per header line besides name and value: {@code ": "}. */
    private static final int HEADER_FRAMING = 2;
    /** Vert.x's pipeline name for the handler that closes idle connections. */
    private static final String IDLE_HANDLER = "idle";

    @Inject
    SockeyeConfig config;

    @Inject
    ObjectMapper json;

    void routes(@Observes Router router) {
        // Ahead of the embedded invoker's dispatch (Integer.MIN_VALUE + 1) and of every resource.
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        int maxLine = config.http().maxRequestLineBytes();
        int line = request.method().name().length() + request.uri().length() + REQUEST_LINE_FRAMING;
        if (line > maxLine) {
            refuse(
                    context,
                    414,
                    "URI Too Long",
                    "the request line is " + line + " bytes; this platform accepts " + maxLine
                            + " (sockeye.http.max-request-line-bytes)");
            return;
        }
        int maxHeaders = config.http().maxRequestHeaderBytes();
        long headers = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headers += header.getKey().length()
                    + HEADER_FRAMING
                    + header.getValue().length();
        }
        if (headers > maxHeaders) {
            refuse(
                    context,
                    431,
                    "Request Header Fields Too Large",
                    "the request headers are " + headers + " bytes in all; this platform accepts " + maxHeaders
                            + " (sockeye.http.max-request-header-bytes)");
            return;
        }
        context.addHeadersEndHandler(ignored -> exemptEventStream(context));
        context.next();
    }

    /** An event stream outlives the idle timeout; its connection closes with the stream instead of being reused. */
    private static void exemptEventStream(RoutingContext context) {
        String type = context.response().headers().get("Content-Type");
        HttpServerRequest request = context.request();
        if (type == null || !type.startsWith("text/event-stream") || request.version() == HttpVersion.HTTP_2) {
            return;
        }
        if (request.connection() instanceof ConnectionBase connection) {
            var pipeline = connection.channel().pipeline();
            if (pipeline.get(IDLE_HANDLER) != null) {
                pipeline.remove(IDLE_HANDLER);
            }
            context.response().putHeader("Connection", "close");
        }
    }

    private void refuse(RoutingContext context, int status, String title, String detail) {
        String path = context.request().path();
        Log.infof("event=request_head_refused status=%d path_bytes=%d", status, path == null ? 0 : path.length());
        String body;
        try {
            // No instance: the path is what is too long, and it would be echoed back in full.
            body = json.writeValueAsString(new Problem("about:blank", title, status, detail, null, null, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document did not serialize", e);
        }
        context.response()
                .setStatusCode(status)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                // The rest of the request is not read: the connection cannot carry another one.
                .putHeader("Connection", "close")
                .end(body);
    }
}
