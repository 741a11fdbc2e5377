package dev.sockeye.bench.sockets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * B2's peer, run as a separate process (spawned by {@link ParkedGuests}) so that its 10,000 sockets do not count
 * against the benchmark JVM's file descriptor limit. It accepts connections and keeps them open, silent, until
 * told on stdin: {@code count} prints {@code accepted=<n>}, {@code close} closes every connection and prints
 * {@code closed=<n>}. It prints {@code port=<port>} once listening and exits at end of stdin.
 */
public final class ParkServer {
    private final ServerSocket server;
    private final List<Socket> connections = new ArrayList<>();

    private ParkServer() throws IOException {
        server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
    }

    public static void main(String[] args) throws IOException {
        var parkServer = new ParkServer();
        System.out.println("port=" + parkServer.server.getLocalPort());
        System.out.flush();
        Thread.ofPlatform().daemon().name("park-server-accept").start(parkServer::acceptLoop);
        var commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null) {
            switch (command.trim()) {
                case "count" -> System.out.println("accepted=" + parkServer.accepted());
                case "close" -> System.out.println("closed=" + parkServer.closeAll());
                default -> System.out.println("unknown=" + command);
            }
            System.out.flush();
        }
        parkServer.server.close();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                synchronized (connections) {
                    connections.add(socket);
                }
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("park-server: accept failed: " + e.getMessage());
                }
                return;
            }
        }
    }

    private int accepted() {
        synchronized (connections) {
            return connections.size();
        }
    }

    private int closeAll() {
        synchronized (connections) {
            int count = connections.size();
            for (Socket socket : connections) {
                try {
                    socket.close();
                } catch (IOException e) {
                    System.err.println("park-server: close failed: " + e.getMessage());
                }
            }
            connections.clear();
            return count;
        }
    }
}
