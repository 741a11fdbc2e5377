package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sockeye.sockets.dns.HostsFileNameResolver;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.testing.GuestRun;
import dev.sockeye.sockets.testing.Guests;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Rust guest (std only, raw ABI imports as the WasmEdge Rust SDK declares them) makes an HTTP/1.1 GET. */
class RustGuestTest {

    @Test
    void rustGuestFetchesAPageOverHttpByName() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hello", exchange -> {
            byte[] body = ("hello " + exchange.getRequestHeaders().getFirst("Host")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (var sandbox = Sandbox.builder()
                .resolver(HostsFileNameResolver.parse("127.0.0.1 web.test"))
                .build()) {
            var run = GuestRun.start(
                    sandbox,
                    sandbox.compile(Guests.bytes("http_get")),
                    EgressGuard.allowAll(EgressListener.none()),
                    "web.test",
                    String.valueOf(server.getAddress().getPort()),
                    "/hello");
            assertThat(run.await().exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).startsWith("HTTP/1.1 200").endsWith("hello web.test");
        } finally {
            server.stop(0);
        }
    }
}
