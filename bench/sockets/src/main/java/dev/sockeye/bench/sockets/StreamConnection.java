package dev.sockeye.bench.sockets;

import dev.sockeye.sockets.Sandbox;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Java reader's connection to the stream server, on the sandbox's own Vert.x. The connect is made from an
 * event-loop context, so the reader's handlers are set (on that loop) before the first bytes can be delivered: from
 * a plain thread, a fast loopback connect can complete before a handler is registered, and Vert.x drops data that
 * arrives while a socket has no handler. Closing it closes the client.
 */
final class StreamConnection implements AutoCloseable {
    private final NetClient client;

    private StreamConnection(NetClient client) {
        this.client = client;
    }

    /** Connects to {@code port} on loopback; {@code onConnected} sets the socket's handlers, on its event loop. */
    static StreamConnection open(
            Sandbox sandbox, int port, Consumer<Throwable> onFailed, Consumer<NetSocket> onConnected) {
        NetClient client = sandbox.vertx().createNetClient(new NetClientOptions());
        sandbox.vertx()
                .getOrCreateContext()
                .runOnContext(ignored -> client.connect(port, "127.0.0.1").onComplete(connected -> {
                    if (connected.failed()) {
                        onFailed.accept(connected.cause());
                    } else {
                        onConnected.accept(connected.result());
                    }
                }));
        return new StreamConnection(client);
    }

    @Override
    public void close() throws Exception {
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
