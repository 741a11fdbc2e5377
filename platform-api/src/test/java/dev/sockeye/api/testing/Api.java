package dev.sockeye.api.testing;

import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.Role;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Test helpers: tokens of each role straight from the store, unique names, the guests' bytes. */
public final class Api {

    private Api() {}

    /** A fresh token of {@code role}; tests share one database, so every name is unique. */
    public static String token(PolicyStore store, Role role) {
        return store.tokens()
                .issue(unique("test-" + role.name().toLowerCase()), role, "test")
                .plainText();
    }

    /** A request authenticated with {@code token}, sending and expecting JSON. */
    public static RequestSpecification as(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** {@code prefix} plus a random suffix; stays a DNS label. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static byte[] guest(String name) {
        try {
            return Files.readAllBytes(guestPath(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Path guestPath(String name) {
        String dir = System.getProperty("guests.dir", "../guests/bin");
        return Path.of(dir, name);
    }

    /** Creates function {@code name} with default settings and returns its name. */
    public static String createFunction(String adminToken, String name) {
        as(adminToken)
                .body("{\"name\":\"" + name + "\"}")
                .post("/api/v1/functions")
                .then()
                .statusCode(201);
        return name;
    }

    /** Creates {@code name} with {@code visibility} and uploads {@code guest} as its active version. */
    public static void deploy(String token, String name, String visibility, String guest) {
        deploy(token, name, visibility, guest, "");
    }

    /** As {@link #deploy(String, String, String, String)}, with {@code query} ({@code &arg=echo}) on the upload. */
    public static void deploy(String token, String name, String visibility, String guest, String query) {
        as(token)
                .body("{\"name\": \"%s\", \"visibility\": \"%s\"}".formatted(name, visibility))
                .post("/api/v1/functions")
                .then()
                .statusCode(201);
        RestAssured.given()
                .header("Authorization", "Bearer " + token)
                .contentType("application/wasm")
                .body(guest(guest))
                .post("/api/v1/functions/" + name + "/versions?activate=true" + query)
                .then()
                .statusCode(201);
    }

    /**
     * Creates public function {@code name} running guests/bin/wagi_probe.wasm, which dials 127.0.0.1:{@code port} on
     * each request and answers what it read ({@code reply=...}); no rule allows that until a test adds one.
     */
    public static void deployDialer(String token, String name, int port) {
        as(token)
                .body("{\"name\": \"%s\", \"visibility\": \"public\"}".formatted(name))
                .post("/api/v1/functions")
                .then()
                .statusCode(201);
        RestAssured.given()
                .header("Authorization", "Bearer " + token)
                .contentType("application/wasm")
                .body(guest("wagi_probe.wasm"))
                .post("/api/v1/functions/" + name + "/versions?activate=true&arg=dial&env=PROBE_HOST=127.0.0.1"
                        + "&env=PROBE_PORT=" + port)
                .then()
                .statusCode(201);
    }

    /** A core module importing {@code env.missing} and {@code wasi_snapshot_preview1.not_a_call}. */
    public static byte[] moduleWithUnknownImports() {
        return new byte[] {
            0x00,
            0x61,
            0x73,
            0x6d,
            0x01,
            0x00,
            0x00,
            0x00,
            // type section: one type () -> ()
            0x01,
            0x04,
            0x01,
            0x60,
            0x00,
            0x00,
            // import section: 2 imports
            0x02,
            0x33,
            0x02,
            0x03,
            'e',
            'n',
            'v',
            0x07,
            'm',
            'i',
            's',
            's',
            'i',
            'n',
            'g',
            0x00,
            0x00,
            0x16,
            'w',
            'a',
            's',
            'i',
            '_',
            's',
            'n',
            'a',
            'p',
            's',
            'h',
            'o',
            't',
            '_',
            'p',
            'r',
            'e',
            'v',
            'i',
            'e',
            'w',
            '1',
            0x0a,
            'n',
            'o',
            't',
            '_',
            'a',
            '_',
            'c',
            'a',
            'l',
            'l',
            0x00,
            0x00,
        };
    }

    /** Repeats {@code request} until {@code done} holds (15 s at most) and returns the answer that made it hold. */
    public static io.restassured.response.Response eventually(
            java.util.function.Supplier<io.restassured.response.Response> request,
            java.util.function.Predicate<io.restassured.response.Response> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        io.restassured.response.Response last = request.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = request.get();
        }
        org.assertj.core.api.Assertions.assertThat(done.test(last))
                .as("last answer: %s %s", last.statusCode(), last.asString())
                .isTrue();
        return last;
    }
}
