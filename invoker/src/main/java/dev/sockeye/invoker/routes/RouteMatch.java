package dev.sockeye.invoker.routes;

import java.util.Map;

/**
 * A request path resolved to a function.
 *
 * @param functionName the function the route belongs to
 * @param route the route that matched
 * @param scriptName the part of the path the route claims (CGI SCRIPT_NAME)
 * @param pathInfo the rest of the path, starting with '/' or empty (CGI PATH_INFO)
 * @param params values of the route's {@code :name} segments
 */
public record RouteMatch(
        String functionName, RoutePattern route, String scriptName, String pathInfo, Map<String, String> params) {}
