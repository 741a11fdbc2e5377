package dev.sockeye.invoker.routes;

/** A route was refused when set: it is malformed or another function already claims the same paths. */
public final class RouteConflictException extends RuntimeException {
    public RouteConflictException(String message) {
        super(message);
    }
}
