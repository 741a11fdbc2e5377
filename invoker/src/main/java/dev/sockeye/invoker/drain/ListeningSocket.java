package dev.sockeye.invoker.drain;

import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import java.lang.reflect.Field;

/**
 * Closes the socket a Vert.x HTTP server accepts on while its connections stay open, so a draining invoker refuses
 * new connections (a client sees "connection refused") and still answers the requests in flight. Vert.x 4 has no
 * API for this ({@code HttpServer.close()} closes every connection too; 5.0's {@code shutdown()} does what we
 * want), so it reaches the Netty server channel through Vert.x's own fields. Should a Vert.x upgrade rename them,
 * {@link #close} says so and the invoker falls back to closing each new connection as soon as it is accepted.
 */
public final class ListeningSocket {
    private ListeningSocket() {}

    /**
     * Closes the listening socket behind {@code server} (shared by every server instance on its port).
     *
     * @return null when closed, or why it could not be
     */
    public static String close(HttpServer server) {
        try {
            Class<?> base = Class.forName("io.vertx.core.net.impl.TCPServerBase");
            Object actual = field(base, "actualServer").get(server);
            Object bound = field(base, "bindFuture").get(actual == null ? server : actual);
            if (bound instanceof Future<?> future && future.result() instanceof Channel channel) {
                channel.close().syncUninterruptibly();
                return null;
            }
            return "the server is not bound";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
