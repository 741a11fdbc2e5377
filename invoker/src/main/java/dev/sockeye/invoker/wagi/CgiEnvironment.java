package dev.sockeye.invoker.wagi;

import dev.sockeye.invoker.registry.ServedFunction;
import dev.sockeye.invoker.registry.Trigger;
import dev.sockeye.invoker.routes.RouteMatch;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CGI environment of one request (RFC 3875 plus WAGI's X_ variables). Order of precedence, lowest first: the
 * request's variables, the version's env, its secrets; so a client can never override what the function set.
 */
public final class CgiEnvironment {
    /** Headers that carry credentials: passed only when the function opts in. */
    private static final List<String> CREDENTIAL_HEADERS = List.of("Authorization", "Proxy-Authorization", "Cookie");
    /** Headers CGI already passes as CONTENT_TYPE and CONTENT_LENGTH. */
    private static final List<String> CONTENT_HEADERS = List.of("Content-Type", "Content-Length");

    private static final byte[] PREFIX = "HTTP_".getBytes(StandardCharsets.US_ASCII);

    private CgiEnvironment() {}

    /** The CGI variables of a request for its resolved trigger (whose path is percent-decoded). */
    public static Map<String, String> of(HttpServerRequest request, Trigger trigger) {
        String path = trigger.path();
        RouteMatch match = trigger.match();
        ServedFunction function = trigger.function();
        var env = new LinkedHashMap<String, String>();
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("REQUEST_METHOD", request.method().name());
        env.put("SCRIPT_NAME", match.scriptName());
        env.put("PATH_INFO", match.pathInfo());
        String query = request.query();
        env.put("QUERY_STRING", query == null ? "" : query);
        var authority = request.authority();
        var local = request.localAddress();
        env.put("SERVER_NAME", authority != null ? authority.host() : local.hostAddress());
        env.put("SERVER_PORT", Integer.toString(local.port()));
        env.put("SERVER_PROTOCOL", protocol(request));
        env.put("SERVER_SOFTWARE", "sockeye-invoker");
        env.put("REMOTE_ADDR", request.remoteAddress().hostAddress());
        env.put("REMOTE_PORT", Integer.toString(request.remoteAddress().port()));
        String contentType = request.getHeader("Content-Type");
        env.put("CONTENT_TYPE", contentType == null ? "" : contentType);
        String contentLength = request.getHeader("Content-Length");
        env.put("CONTENT_LENGTH", contentLength == null ? "" : contentLength);
        // One pass over the headers as they arrived, no per-name sets or lists: a repeated header's values join
        // with ", " in arrival order (RFC 9110 5.3); the CGI variables above never start with HTTP_.
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey();
            if (isContentHeader(name)
                    || (!function.passCredentialHeaders() && isCredentialHeader(name))
                    || !isPlainHeaderName(name)) {
                continue;
            }
            env.merge(variableName(name), header.getValue(), (first, next) -> first + ", " + next);
        }
        env.put("X_MATCHED_ROUTE", match.route().text());
        env.put("X_FULL_URL", request.absoluteURI());
        env.put("X_RAW_PATH", path);
        match.params().forEach((name, value) -> env.put("X_PARAM_" + name.toUpperCase(Locale.ROOT), value));
        env.putAll(function.version().env());
        env.putAll(function.version().secrets());
        return env;
    }

    private static boolean isCredentialHeader(String name) {
        return anyEqualsIgnoreCase(CREDENTIAL_HEADERS, name);
    }

    private static boolean isContentHeader(String name) {
        return anyEqualsIgnoreCase(CONTENT_HEADERS, name);
    }

    private static boolean anyEqualsIgnoreCase(List<String> names, String name) {
        for (String candidate : names) {
            if (candidate.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** HTTP_ and the header's name upper-cased with '-' as '_'; the name is plain ({@link #isPlainHeaderName}). */
    private static String variableName(String plainHeaderName) {
        byte[] variable = new byte[PREFIX.length + plainHeaderName.length()];
        System.arraycopy(PREFIX, 0, variable, 0, PREFIX.length);
        for (int i = 0; i < plainHeaderName.length(); i++) {
            char c = plainHeaderName.charAt(i);
            variable[PREFIX.length + i] = (byte) (c == '-' ? '_' : c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c);
        }
        return new String(variable, StandardCharsets.US_ASCII);
    }

    /** Letters, digits and '-': names that map to HTTP_ variables unambiguously. */
    private static boolean isPlainHeaderName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String protocol(HttpServerRequest request) {
        return switch (request.version()) {
            case HTTP_1_0 -> "HTTP/1.0";
            case HTTP_1_1 -> "HTTP/1.1";
            case HTTP_2 -> "HTTP/2";
        };
    }
}
