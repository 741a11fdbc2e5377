package dev.sockeye.api.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.sockeye.api.testing.Api;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Uploads beyond {@code sockeye.versions.max-concurrent-uploads} (4) are refused at once with a 503 problem naming
 * the limit; the ones holding a slot finish normally. Slots are held deterministically by uploads whose bodies
 * stop half way (raw sockets): an upload holds its slot from its request head to its answer.
 */
@QuarkusTest
class UploadLimitTest {

    private static final int LIMIT = 4;

    @Inject
    PolicyStore store;

    @Inject
    UploadSlots slots;

    @TestHTTPResource("/")
    URL base;

    String developer;
    String function;
    byte[] wasm;

    @BeforeEach
    void function() throws InterruptedException {
        developer = Api.token(store, Role.DEVELOPER);
        function = Api.createFunction(developer, Api.unique("uploads"));
        wasm = Api.guest("hello_wagi.wasm");
        awaitSlotsInUse(n -> n == 0); // nothing of an earlier test still holds one
    }

    @Test
    void anUploadBeyondTheLimitIsRefusedWith503NamingItAndTheOthersAreAllStored() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < LIMIT; i++) {
                held.add(startUpload());
            }
            awaitSlotsInUse(n -> n == LIMIT);

            upload().then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "2")
                    .body("type", containsString("/busy"))
                    .body("detail", containsString("4 uploads are in progress"))
                    .body("detail", containsString("sockeye.versions.max-concurrent-uploads"));

            for (Socket upload : held) {
                assertThat(finishUpload(upload)).startsWith("HTTP/1.1 201");
            }
        } finally {
            for (Socket upload : held) {
                upload.close();
            }
        }
        assertThat(store.versions().list(function))
                .as("every accepted upload is stored")
                .hasSize(LIMIT);
        awaitSlotsInUse(n -> n == 0);
        upload().then().statusCode(201);
    }

    /** A whole upload at once, through RestAssured. */
    private io.restassured.response.Response upload() {
        return RestAssured.given()
                .header("Authorization", "Bearer " + developer)
                .contentType("application/wasm")
                .body(wasm)
                .post("/api/v1/functions/" + function + "/versions");
    }

    @Test
    void anUploadWhoseClientGoesAwayGivesItsSlotBack() throws Exception {
        try (Socket upload = startUpload()) {
            awaitSlotsInUse(n -> n == 1);
        }
        awaitSlotsInUse(n -> n == 0);
        assertThat(store.versions().list(function)).isEmpty();
    }

    @Test
    void aCallerWithoutAValidTokenHoldsNoSlot() throws Exception {
        RestAssured.given()
                .header("Authorization", "Bearer sockeye_not-a-token")
                .contentType("application/wasm")
                .body(wasm)
                .post("/api/v1/functions/" + function + "/versions")
                .then()
                .statusCode(401);
        assertThat(slots.inUse()).isZero();
    }

    /** Sends the head and the first half of an upload's body; the rest waits for {@link #finishUpload}. */
    private Socket startUpload() throws IOException {
        var socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(30_000);
        var out = socket.getOutputStream();
        out.write(("POST /api/v1/functions/" + function + "/versions HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + developer + "\r\nContent-Type: application/wasm\r\n"
                        + "Connection: close\r\nContent-Length: " + wasm.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(wasm, 0, wasm.length / 2);
        out.flush();
        return socket;
    }

    /** Sends the rest of the body and returns the whole answer (the server closes after it). */
    private String finishUpload(Socket socket) throws IOException {
        var out = socket.getOutputStream();
        out.write(wasm, wasm.length / 2, wasm.length - wasm.length / 2);
        out.flush();
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** Polls the slots in use until {@code done} holds; the deadline only bounds a hung test. */
    private void awaitSlotsInUse(IntPredicate done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.test(slots.inUse()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(done.test(slots.inUse()))
                .as("uploads holding a slot: %d", slots.inUse())
                .isTrue();
    }
}
