package dev.sockeye.invoker.wagi;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerResponse;

/**
 * An RFC 7807 problem answered by the invoker itself (not by a guest): 400, 404, 413, 414, 431, 500, 502, 503, 504. The one place
 * where invoker failures become HTTP.
 *
 * @param status the HTTP status
 * @param title the standard short title
 * @param detail what went wrong for this request, naming the function or input at fault
 * @param retryAfterSeconds sent as Retry-After when positive
 */
public record TriggerProblem(int status, String title, String detail, long retryAfterSeconds) {
    /**
     * The response header naming the run, on every response of a trigger, guest's or problem: the id under which
     * the API lists the invocation, its stderr tail and its egress ({@code /api/v1/invocations/{id}}).
     */
    public static final String INVOCATION_ID_HEADER = "Sockeye-Invocation-Id";

    public static TriggerProblem notFound(String path) {
        return new TriggerProblem(404, "Not Found", "no function route matches " + path, 0);
    }

    /** No known route matches, but the function source is not live: the route may have been deployed since. */
    public static TriggerProblem unknownWhileStoreDown(String path, long retryAfterSeconds) {
        return new TriggerProblem(
                503,
                "Service Unavailable",
                "no function route this invoker knows matches " + path
                        + ", and the policy store is unreachable, so it may have been deployed since",
                retryAfterSeconds);
    }

    /** A request the HTTP decoder refused before any function was chosen: a request line or headers too long. */
    public static TriggerProblem invalidRequest(Throwable cause, int maxRequestLineBytes, int maxRequestHeaderBytes) {
        if (cause instanceof TooLongHttpLineException) {
            return new TriggerProblem(
                    414,
                    "URI Too Long",
                    "the request line is longer than this invoker accepts (" + maxRequestLineBytes + " bytes)",
                    0);
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new TriggerProblem(
                    431,
                    "Request Header Fields Too Large",
                    "the request headers are larger than this invoker accepts (" + maxRequestHeaderBytes
                            + " bytes in all)",
                    0);
        }
        return new TriggerProblem(
                400,
                "Bad Request",
                "the request is not valid HTTP/1.1: " + (cause == null ? "" : cause.getMessage()),
                0);
    }

    public static TriggerProblem tooLarge(String function, long maxBytes) {
        return new TriggerProblem(
                413,
                "Content Too Large",
                "function " + function + " accepts request bodies of at most " + maxBytes + " bytes",
                0);
    }

    public static TriggerProblem guestFailed(String function, String detail) {
        return new TriggerProblem(500, "Internal Server Error", "function " + function + " " + detail, 0);
    }

    public static TriggerProblem badGateway(String function, String detail) {
        return new TriggerProblem(
                502, "Bad Gateway", "function " + function + " wrote no valid CGI header block: " + detail, 0);
    }

    public static TriggerProblem responseTooLarge(String function, long maxBytes) {
        return new TriggerProblem(
                502,
                "Bad Gateway",
                "function " + function + " wrote a response body over its limit of " + maxBytes + " bytes",
                0);
    }

    public static TriggerProblem overloaded(String function, String detail, long retryAfterSeconds) {
        return new TriggerProblem(
                503, "Service Unavailable", "function " + function + " is at capacity: " + detail, retryAfterSeconds);
    }

    /** The invoker's drain deadline passed while this run was queued or running: another replica may serve it. */
    public static TriggerProblem shuttingDown(String function, long retryAfterSeconds) {
        return new TriggerProblem(
                503,
                "Service Unavailable",
                "function " + function + " was interrupted: this invoker is shutting down and its drain deadline"
                        + " passed; retry, another replica will serve it",
                retryAfterSeconds);
    }

    public static TriggerProblem timedOut(String function, long millis) {
        return new TriggerProblem(
                504, "Gateway Timeout", "function " + function + " did not finish within " + millis + " ms", 0);
    }

    /** Sends it; call on the response's event loop, before anything else was sent. */
    public void send(HttpServerResponse response) {
        response.setStatusCode(status).putHeader("Content-Type", "application/problem+json");
        if (status == 413 || status == 414 || status == 431 || status == 400) {
            // The rest of the body is not read: the connection cannot carry another request.
            response.putHeader("Connection", "close");
        }
        if (retryAfterSeconds > 0) {
            response.putHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        String invocation = response.headers().get(INVOCATION_ID_HEADER);
        response.end("{\"type\":\"about:blank\",\"title\":" + json(title) + ",\"status\":" + status + ",\"detail\":"
                + json(detail) + (invocation == null ? "" : ",\"invocationId\":" + json(invocation)) + "}");
    }

    static String json(String text) {
        var out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
