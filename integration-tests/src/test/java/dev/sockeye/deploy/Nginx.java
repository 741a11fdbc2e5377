package dev.sockeye.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's nginx ({@code /usr/sbin/nginx}, apt package nginx) as the load balancer in front of the invokers, run
 * in the foreground with its config, pid, logs and temp files in a directory of the test, listening on loopback.
 * Round robin; a connect the upstream refuses is passed to the next one, but a POST that reached an invoker is
 * never sent again (nginx's rule for non-idempotent requests), so a killed invoker's in-flight POSTs fail.
 */
final class Nginx implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final Path directory;
    private final int port;

    private Nginx(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    static Nginx start(Path directory, List<Integer> upstreamPorts) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: apt-get install nginx (.ci/run does)");
        }
        Files.createDirectories(directory.resolve("logs"));
        int port = LocalEnvironment.freePort();
        String servers = upstreamPorts.stream()
                .map(upstream -> "        server 127.0.0.1:" + upstream + " max_fails=1 fail_timeout=2s;")
                .collect(Collectors.joining("\n"));
        String config = """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 512; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream invokers {
                %2$s
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://invokers;
                            proxy_next_upstream error;
                            proxy_connect_timeout 2s;
                        }
                    }
                }
                """.formatted(directory, servers, port);
        Path file = directory.resolve("nginx.conf");
        Files.writeString(file, config);
        var process = new ProcessBuilder(
                        BINARY.toString(),
                        "-p",
                        directory.toString(),
                        "-e",
                        directory.resolve("logs/error.log").toString(),
                        "-c",
                        file.toString(),
                        "-g",
                        "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("logs/stdout.log").toFile())
                .start();
        var nginx = new Nginx(process, directory, port);
        Await.untilTrue("nginx listens on " + port, Await.START, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("nginx exited with " + process.exitValue() + ": " + nginx.log());
            }
            try (var probe = new java.net.Socket("127.0.0.1", port)) {
                return true;
            }
        });
        return nginx;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    String log() throws IOException {
        return Files.readString(directory.resolve("logs/error.log"))
                + Files.readString(directory.resolve("logs/stdout.log"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
