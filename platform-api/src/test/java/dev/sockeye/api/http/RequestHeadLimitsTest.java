package dev.sockeye.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.api.testing.Api;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The platform's triggers (and API) keep the standalone invoker's request-head limits: 414 and 431 problems, an
 * idle timeout for a client that stops half way through its request. Raw sockets on loopback, so the heads are
 * exactly what the test writes. The idle timeout is 1 s here (60 s by default) so the slow client is closed soon.
 */
@QuarkusTest
@TestProfile(RequestHeadLimitsTest.ShortIdleTimeout.class)
class RequestHeadLimitsTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "1s");
        }
    }

    private static final String HELLO = "hello from sockeye\n";

    @Inject
    PolicyStore store;

    @TestHTTPResource("/")
    URL base;

    String function;

    @BeforeEach
    void deploy() {
        // RestAssured would reuse a pooled connection the 1 s idle timeout has closed meanwhile.
        RestAssured.requestSpecification =
                new RequestSpecBuilder().addHeader("Connection", "close").build();
        function = Api.unique("limits");
        Api.deploy(Api.token(store, Role.ADMIN), function, "public", "hello_wagi.wasm");
    }

    @AfterEach
    void keepAliveAgain() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void aTriggerRequestWithinTheLimitsIsServed() throws Exception {
        String answer = exchange("GET /fn/" + function + "/ok HTTP/1.1\r\nHost: localhost\r\nX-Padding: "
                + "p".repeat(7000) + "\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200").contains(HELLO);
    }

    @Test
    void aRequestLineOverTheLimitGets414ProblemBeforeAnyFunctionRuns() throws Exception {
        String answer =
                exchange("GET /fn/" + function + "/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(answer)
                .startsWith("HTTP/1.1 414")
                .contains("application/problem+json")
                .contains("\"status\":414")
                .contains("this platform accepts 4096 (sockeye.http.max-request-line-bytes)")
                .doesNotContain("aaaa", HELLO);
    }

    @Test
    void requestHeadersOverTheLimitGet431Problem() throws Exception {
        String answer = exchange(
                "GET /fn/" + function + "/ HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "p".repeat(9000) + "\r\n\r\n");
        assertThat(answer)
                .startsWith("HTTP/1.1 431")
                .contains("application/problem+json")
                .contains("\"status\":431")
                .contains("this platform accepts 8192 (sockeye.http.max-request-header-bytes)")
                .doesNotContain(HELLO);
    }

    @Test
    void theApiHasTheSameLimits() throws Exception {
        String answer = exchange(
                "GET /api/v1/functions HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "p".repeat(9000) + "\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 431").contains("application/problem+json");
    }

    @Test
    void headersBeyondWhatVertxParsesGetItsBare431() throws Exception {
        // Above quarkus.http.limits.max-header-size (32K) Vert.x answers before our code: no problem body.
        String answer = exchange("GET /fn/" + function + "/ HTTP/1.1\r\nHost: localhost\r\nX-Padding: "
                + "p".repeat(40_000) + "\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 431").doesNotContain("Exception", "\tat ", HELLO);
    }

    @Test
    void aClientThatStopsHalfWayThroughItsHeadersIsDisconnectedByTheIdleTimeout() throws Exception {
        try (var socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write(("GET /fn/" + function + "/ HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(socket.getInputStream().read())
                    .as("the server closes the connection")
                    .isEqualTo(-1);
        }
    }

    @Test
    void anEventStreamOutlivesTheIdleTimeout() throws Exception {
        String viewer = Api.token(store, Role.VIEWER);
        try (var socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream()
                    .write(("GET /api/v1/egress-events/stream HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                    + viewer + "\r\nAccept: text/event-stream\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(30_000);
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
            // Three idle timeouts without a byte either way: the connection is still open (a read times out).
            socket.setSoTimeout(3_000);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    private String exchange(String request) throws IOException {
        try (var socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new StringBuilder();
        for (int b; (b = in.read()) >= 0; ) {
            head.append((char) b);
            if (head.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }
}
