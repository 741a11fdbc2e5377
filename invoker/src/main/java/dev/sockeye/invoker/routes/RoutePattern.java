package dev.sockeye.invoker.routes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One route as a function declares it: exact ({@code /api/users}), prefix ({@code /api/...}: the path itself and
 * everything under it) or parameterised ({@code /users/:id}, one path segment per parameter).
 *
 * @param text the route as written
 * @param kind how it matches
 * @param segments the path segments; for a prefix, those before {@code ...}
 */
public record RoutePattern(String text, Kind kind, List<String> segments) {

    /** How a route matches; the order is the precedence: exact beats parameterised beats prefix. */
    public enum Kind {
        EXACT,
        PARAMETERISED,
        PREFIX
    }

    private static final String PREFIX_MARK = "/...";

    /** Parses a route; the message of the exception names what is wrong with it. */
    public static RoutePattern parse(String text) {
        if (text == null || !text.startsWith("/")) {
            throw new IllegalArgumentException("route must start with '/': " + text);
        }
        if (text.contains("?") || text.contains("#") || text.contains("//")) {
            throw new IllegalArgumentException("route must be a plain path without '?', '#' or '//': " + text);
        }
        boolean prefix = text.endsWith(PREFIX_MARK) || text.equals("/...");
        String path = prefix ? text.substring(0, text.length() - PREFIX_MARK.length()) : text;
        List<String> segments = split(path);
        boolean parameterised = false;
        for (String segment : segments) {
            if (segment.equals("...")) {
                throw new IllegalArgumentException("'...' may only end a route: " + text);
            }
            if (segment.startsWith(":")) {
                if (prefix) {
                    throw new IllegalArgumentException("a prefix route cannot carry parameters: " + text);
                }
                String name = segment.substring(1);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("parameter name must be [A-Za-z_][A-Za-z0-9_]*: " + text);
                }
                parameterised = true;
            }
        }
        Kind kind = prefix ? Kind.PREFIX : parameterised ? Kind.PARAMETERISED : Kind.EXACT;
        return new RoutePattern(text, kind, List.copyOf(segments));
    }

    /** The route a function gets without declaring any: {@code /fn/<name>} and everything under it. */
    public static RoutePattern defaultFor(String functionName) {
        return parse("/fn/" + functionName + PREFIX_MARK);
    }

    /** The parameter names in order; empty unless parameterised. */
    public List<String> parameterNames() {
        var names = new ArrayList<String>();
        for (String segment : segments) {
            if (segment.startsWith(":")) {
                names.add(segment.substring(1));
            }
        }
        return names;
    }

    /**
     * Whether two routes would claim the same path at the same precedence, so neither can win: the same exact
     * path, the same prefix, or parameterised routes whose segments all pairwise overlap (a parameter overlaps
     * anything). Routes of different kinds never conflict: precedence decides between them.
     */
    public boolean conflictsWith(RoutePattern other) {
        if (kind != other.kind || segments.size() != other.segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String mine = segments.get(i);
            String theirs = other.segments.get(i);
            if (!mine.equals(theirs) && !mine.startsWith(":") && !theirs.startsWith(":")) {
                return false;
            }
            if (kind != Kind.PARAMETERISED && !mine.equals(theirs)) {
                return false;
            }
        }
        return true;
    }

    /** The parameters if a parameterised route matches these path segments, else null. */
    Map<String, String> bind(List<String> pathSegments) {
        if (pathSegments.size() != segments.size()) {
            return null;
        }
        var params = new LinkedHashMap<String, String>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.startsWith(":")) {
                params.put(segment.substring(1), pathSegments.get(i));
            } else if (!segment.equals(pathSegments.get(i))) {
                return null;
            }
        }
        return params;
    }

    /** The path a prefix route claims ({@code /api} for {@code /api/...}; empty for {@code /...}). */
    String prefixPath() {
        if (kind == Kind.PREFIX) {
            return text.substring(0, text.length() - PREFIX_MARK.length()); // its text is that path plus "/..."
        }
        return segments.isEmpty() ? "" : "/" + String.join("/", segments);
    }

    /** The non-empty parts between slashes (per request: no intermediate array as String.split makes). */
    static List<String> split(String path) {
        var segments = new ArrayList<String>(8);
        int start = 0;
        while (true) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            if (end > start) {
                segments.add(path.substring(start, end));
            }
            if (slash < 0) {
                return segments;
            }
            start = slash + 1;
        }
    }
}
