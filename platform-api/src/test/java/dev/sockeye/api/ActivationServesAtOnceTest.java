package dev.sockeye.api;

import static dev.sockeye.api.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.api.testing.Api;
import dev.sockeye.api.triggers.EmbeddedInvoker;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the API answers is what the trigger serves: the first request after an activating upload, an activation, an
 * env change, a route change or a policy change already sees it (no 404 or old version while the embedded
 * invoker's registry would otherwise wait for the change feed).
 */
@QuarkusTest
class ActivationServesAtOnceTest {

    @Inject
    PolicyStore store;

    @Inject
    EmbeddedInvoker invoker;

    private String developer;
    private String name;

    @BeforeEach
    void createFunction() {
        developer = Api.token(store, Role.DEVELOPER);
        name = Api.unique("at-once");
        as(developer)
                .body("{\"name\": \"%s\", \"routes\": [\"/%s\"], \"visibility\": \"public\"}".formatted(name, name))
                .post("/api/v1/functions")
                .then()
                .statusCode(201);
    }

    /** Uploads an activated version and returns its number. */
    private int upload(String guest, String query) {
        return given().header("Authorization", "Bearer " + developer)
                .contentType("application/wasm")
                .body(Api.guest(guest))
                .post("/api/v1/functions/" + name + "/versions?activate=true" + query)
                .then()
                .statusCode(201)
                .extract()
                .path("number");
    }

    /** What the trigger serves at the very moment the API has answered, before any request could race it. */
    private OptionalInt servedNow() {
        return invoker.servedVersion(name);
    }

    private static Response trigger(String path) {
        return given().get(path);
    }

    @Test
    void everyActivatingUploadIsServedTheMomentTheApiAnswers() {
        for (int stage = 1; stage <= 10; stage++) {
            int number = upload("wagi_probe.wasm", "&arg=env&env=STAGE=" + stage);
            assertThat(servedNow())
                    .as("served right after version %d was answered", number)
                    .hasValue(number);
            assertThat(trigger("/" + name).asString()).contains("STAGE=" + stage + "\n");
        }
    }

    @Test
    void anActivatingUploadIsServedAtOnceEvenBehindABusyChangeFeed() throws IOException {
        // Another function whose every reload reads an 8 MiB files bundle; 30 changes to it keep the feed busy.
        String busy = Api.unique("busy-feed");
        as(developer)
                .body("{\"name\": \"%s\"}".formatted(busy))
                .post("/api/v1/functions")
                .then()
                .statusCode(201);
        given().header("Authorization", "Bearer " + developer)
                .multiPart("module", "hello.wasm", Api.guest("hello_wagi.wasm"), "application/wasm")
                .multiPart("files", "files.zip", randomZip(8 << 20), "application/zip")
                .multiPart("activate", "true")
                .post("/api/v1/functions/" + busy + "/versions")
                .then()
                .statusCode(201);
        for (int i = 0; i < 30; i++) {
            store.secrets().put(busy, "NOISE_" + i, "x", "test");
        }

        int number = upload("hello_wagi.wasm", "");
        Response first = trigger("/" + name);
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(200);
        assertThat(first.asString()).contains("hello from sockeye");
        assertThat(servedNow()).hasValue(number);
    }

    /** A zip of one file of random (incompressible) bytes. */
    private static byte[] randomZip(int bytes) throws IOException {
        byte[] noise = new byte[bytes];
        new Random(11).nextBytes(noise);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("noise.bin"));
            out.write(noise);
            out.closeEntry();
        }
        return zip.toByteArray();
    }

    @Test
    void theFirstRequestAfterEachChangeIsServedByIt() {
        upload("hello_wagi.wasm", "");
        Response first = trigger("/" + name);
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(200);
        assertThat(first.asString()).contains("hello from sockeye");

        upload("wagi_probe.wasm", "&arg=env&env=STAGE=two");
        assertThat(trigger("/" + name).asString()).contains("STAGE=two");

        int changed = as(developer)
                .body("{\"value\": \"three\"}")
                .put("/api/v1/functions/" + name + "/env/STAGE")
                .then()
                .statusCode(200)
                .extract()
                .path("number");
        assertThat(servedNow()).hasValue(changed);
        assertThat(trigger("/" + name).asString()).contains("STAGE=three");

        as(developer)
                .post("/api/v1/functions/" + name + "/versions/1/activate")
                .then()
                .statusCode(200);
        assertThat(servedNow()).hasValue(1);
        assertThat(trigger("/" + name).asString()).contains("hello from sockeye");

        as(developer)
                .body("{\"routes\": [\"/%s-moved\"]}".formatted(name))
                .patch("/api/v1/functions/" + name)
                .then()
                .statusCode(200);
        assertThat(trigger("/" + name + "-moved").statusCode()).isEqualTo(200);
        assertThat(trigger("/" + name).statusCode()).isEqualTo(404);

        as(developer).delete("/api/v1/functions/" + name).then().statusCode(204);
        assertThat(servedNow()).isEmpty();
        assertThat(trigger("/" + name + "-moved").statusCode()).isEqualTo(404);
    }

    @Test
    void aPolicyChangeAppliesToTheNextRequest() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> answerPong(listener));
            upload("wagi_probe.wasm", "&arg=dial&env=PROBE_HOST=127.0.0.1&env=PROBE_PORT=" + listener.getLocalPort());
            assertThat(trigger("/" + name).asString()).doesNotContain("reply=pong");

            as(developer)
                    .body("{\"rule\": \"tcp://127.0.0.1:%d\"}".formatted(listener.getLocalPort()))
                    .post("/api/v1/functions/" + name + "/egress/rules")
                    .then()
                    .statusCode(200);
            Response allowed = trigger("/" + name);
            assertThat(allowed.statusCode()).as(allowed.asString()).isEqualTo(200);
            assertThat(allowed.asString()).contains("reply=pong");
        }
    }

    /** A loopback peer for the dialling guest: one line in, "pong" back, per connection. */
    private static void answerPong(ServerSocket listener) {
        while (!listener.isClosed()) {
            try (Socket peer = listener.accept()) {
                new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8)).readLine();
                peer.getOutputStream().write("pong\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException closed) {
                return;
            }
        }
    }
}
