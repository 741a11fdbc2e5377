package dev.sockeye.api.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A loopback TCP server that answers every line it reads with one fixed line, for guests that dial out. */
public final class ReplyServer implements AutoCloseable {

    private final ServerSocket socket;
    private final String reply;

    private ReplyServer(ServerSocket socket, String reply) {
        this.socket = socket;
        this.reply = reply;
        Thread.ofVirtual().name("reply-server").start(this::serve);
    }

    public static ReplyServer start(String reply) throws IOException {
        return new ReplyServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), reply);
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8)).readLine();
                OutputStream out = client.getOutputStream();
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
