package dev.sockeye.invoker.routes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which function serves which path. Immutable: {@link #add} and {@link #remove} return a new table, so a reader
 * never sees half a change. Conflicts are rejected by {@code add}, never discovered at request time.
 *
 * <p>Matching: an exact route beats a parameterised one, which beats any prefix; among prefixes the longest wins;
 * among parameterised routes (which cannot overlap, see {@link RoutePattern#conflictsWith}) the one with the most
 * literal segments wins.
 */
public final class RouteTable {
    private record Entry(RoutePattern pattern, String functionName) {}

    private static final RouteTable EMPTY = new RouteTable(List.of());
    private final List<Entry> entries;

    private RouteTable(List<Entry> entries) {
        this.entries = entries;
    }

    public static RouteTable empty() {
        return EMPTY;
    }

    /**
     * A table with the function's routes added (replacing any it had before).
     *
     * @throws RouteConflictException if a route is malformed or conflicts with another function's route
     */
    public RouteTable add(String functionName, List<String> routes) {
        Objects.requireNonNull(functionName, "functionName");
        var kept = new ArrayList<Entry>();
        for (Entry entry : entries) {
            if (!entry.functionName.equals(functionName)) {
                kept.add(entry);
            }
        }
        var added = new ArrayList<Entry>();
        for (String text : routes) {
            RoutePattern pattern;
            try {
                pattern = RoutePattern.parse(text);
            } catch (IllegalArgumentException e) {
                throw new RouteConflictException("function " + functionName + ": " + e.getMessage());
            }
            for (Entry other : kept) {
                if (other.pattern.conflictsWith(pattern)) {
                    throw new RouteConflictException("route " + text + " of function " + functionName
                            + " conflicts with route " + other.pattern.text() + " of function " + other.functionName);
                }
            }
            for (Entry same : added) {
                if (same.pattern.conflictsWith(pattern)) {
                    throw new RouteConflictException("function " + functionName + " declares conflicting routes "
                            + same.pattern.text() + " and " + text);
                }
            }
            added.add(new Entry(pattern, functionName));
        }
        kept.addAll(added);
        return new RouteTable(List.copyOf(kept));
    }

    /** A table without any of the function's routes. */
    public RouteTable remove(String functionName) {
        return new RouteTable(entries.stream()
                .filter(e -> !e.functionName.equals(functionName))
                .toList());
    }

    /** The routes a function holds, as written. */
    public List<String> routesOf(String functionName) {
        return entries.stream()
                .filter(e -> e.functionName.equals(functionName))
                .map(e -> e.pattern.text())
                .toList();
    }

    /** The function serving this (already percent-decoded) path, or null. */
    public RouteMatch match(String path) {
        String normalised = path.isEmpty() ? "/" : path;
        List<String> pathSegments = RoutePattern.split(normalised);
        Entry bestParameterised = null;
        Map<String, String> bestParams = null;
        Entry bestPrefix = null;
        for (Entry entry : entries) {
            RoutePattern pattern = entry.pattern;
            switch (pattern.kind()) {
                case EXACT -> {
                    if (pattern.segments().equals(pathSegments)) {
                        return new RouteMatch(entry.functionName, pattern, normalised, "", Map.of());
                    }
                }
                case PARAMETERISED -> {
                    var params = pattern.bind(pathSegments);
                    if (params != null
                            && (bestParameterised == null || literals(pattern) > literals(bestParameterised.pattern))) {
                        bestParameterised = entry;
                        bestParams = params;
                    }
                }
                case PREFIX -> {
                    List<String> prefix = pattern.segments();
                    if (pathSegments.size() >= prefix.size()
                            && pathSegments.subList(0, prefix.size()).equals(prefix)
                            && (bestPrefix == null
                                    || prefix.size()
                                            > bestPrefix.pattern.segments().size())) {
                        bestPrefix = entry;
                    }
                }
            }
        }
        if (bestParameterised != null) {
            return new RouteMatch(
                    bestParameterised.functionName, bestParameterised.pattern, normalised, "", Map.copyOf(bestParams));
        }
        if (bestPrefix != null) {
            String scriptName = bestPrefix.pattern.prefixPath();
            String pathInfo = scriptName.isEmpty() ? normalised : remainder(normalised, bestPrefix.pattern);
            return new RouteMatch(bestPrefix.functionName, bestPrefix.pattern, scriptName, pathInfo, Map.of());
        }
        return null;
    }

    private static String remainder(String path, RoutePattern prefix) {
        // Skip as many segments as the prefix has, keeping the rest of the path exactly as requested.
        int index = 0;
        for (int skipped = 0; skipped < prefix.segments().size(); skipped++) {
            while (index < path.length() && path.charAt(index) == '/') {
                index++;
            }
            while (index < path.length() && path.charAt(index) != '/') {
                index++;
            }
        }
        return path.substring(index);
    }

    private static long literals(RoutePattern pattern) {
        return pattern.segments().stream().filter(s -> !s.startsWith(":")).count();
    }

    /** Entries ordered for display: by kind precedence then text. */
    @Override
    public String toString() {
        return entries.stream()
                .sorted(Comparator.comparing((Entry e) -> e.pattern.kind()).thenComparing(e -> e.pattern.text()))
                .map(e -> e.pattern.text() + " -> " + e.functionName)
                .toList()
                .toString();
    }
}
