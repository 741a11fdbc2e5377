package dev.sockeye.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import dev.sockeye.api.testing.Api;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class VersionsApiTest {

    @Inject
    PolicyStore store;

    String developer;
    String function;

    @BeforeEach
    void function() {
        developer = Api.token(store, Role.DEVELOPER);
        function = Api.createFunction(developer, Api.unique("ver"));
    }

    @Test
    void rawUploadReportsShaSizeImportsAndSockets() throws Exception {
        byte[] wasm = Api.guest("tcp_echo_client.wasm");
        raw(wasm, "?arg=127.0.0.1&arg=9&env=MODE=test")
                .then()
                .statusCode(201)
                .header("Location", containsString("/versions/1"))
                .body("number", equalTo(1))
                .body("active", equalTo(false))
                .body(
                        "module.sha256",
                        equalTo(HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(wasm))))
                .body("module.sizeBytes", equalTo(wasm.length))
                .body("module.imports", hasItem("wasi_snapshot_preview1.sock_connect"))
                .body("module.usesSockets", equalTo(true))
                .body("args", equalTo(java.util.List.of("127.0.0.1", "9")))
                .body("env.MODE", equalTo("test"));
    }

    @Test
    void aVersionSaysHowManyFunctionsRunInterpretedOnceCompiled() throws Exception {
        // Too big for one JVM method and, holding SIMD, not split into smaller functions: left to the interpreter.
        raw(Api.guest("huge_function_simd.wasm"), "").then().statusCode(201);

        assertThat(interpretedFunctionsOnceCompiled()).isEqualTo(1);
    }

    @Test
    void anOrdinaryModuleRunsNoFunctionInterpreted() throws Exception {
        raw(Api.guest("hello_wagi.wasm"), "").then().statusCode(201);

        assertThat(interpretedFunctionsOnceCompiled()).isEqualTo(0);
    }

    @Test
    void multipartUploadTakesFilesArgsAndEnv() throws IOException {
        RestAssured.given()
                .header("Authorization", "Bearer " + developer)
                .multiPart("module", "hello_wagi.wasm", Api.guest("hello_wagi.wasm"), "application/wasm")
                .multiPart("files", "files.zip", zip("greeting.txt", "hi"), "application/zip")
                .multiPart("args", "[\"--verbose\"]")
                .multiPart("env", "{\"GREETING\": \"hello\"}")
                .multiPart("activate", "true")
                .post("/api/v1/functions/" + function + "/versions")
                .then()
                .statusCode(201)
                .body("active", equalTo(true))
                .body("module.usesSockets", equalTo(false))
                .body("args", equalTo(java.util.List.of("--verbose")))
                .body("env.GREETING", equalTo("hello"))
                .body("filesSha256", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"));
        Api.as(developer).get("/api/v1/functions/" + function).then().body("activeVersion", equalTo(1));
    }

    @Test
    void notWasmIsA422AndStoresNothing() {
        raw("hello, I am not a module".getBytes(), "")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("field", equalTo("module"))
                .body("detail", containsString("not WebAssembly"));
        assertNoVersions();
    }

    @Test
    void truncatedModuleIsA422AndStoresNothing() {
        byte[] wasm = Api.guest("hello_wagi.wasm");
        raw(Arrays.copyOf(wasm, wasm.length / 2), "")
                .then()
                .statusCode(422)
                .body("type", containsString("invalid-module"))
                .body("detail", containsString("not a valid WebAssembly module"));
        assertNoVersions();
    }

    @Test
    void componentIsA422SayingSo() {
        byte[] component = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
        raw(component, "").then().statusCode(422).body("detail", containsString("component"));
        assertNoVersions();
    }

    @Test
    void unknownImportsAreA422ListingEachOne() {
        raw(Api.moduleWithUnknownImports(), "")
                .then()
                .statusCode(422)
                .body("type", containsString("unsatisfied-imports"))
                .body("errors", hasSize(2))
                .body("errors.value", hasItems("env.missing", "wasi_snapshot_preview1.not_a_call"))
                .body("errors[0].message", equalTo("unknown import module"));
        assertNoVersions();
    }

    @Test
    void relaxedSimdModuleIsA422NamingTheInstructionAndStoresNothing() {
        raw(Api.guest("relaxed_simd.wasm"), "")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", containsString("unsupported-feature"))
                .body("detail", equalTo("the module uses relaxed SIMD (i8x16.relaxed_swizzle) (not supported)"));
        assertNoVersions();
    }

    @Test
    void simdModuleIsAcceptedAndItsSimdFunctionsRunCompiled() throws Exception {
        raw(Api.guest("simd_mixed.wasm"), "").then().statusCode(201);

        // The 10 functions that touch a v128 are rewritten without it and compiled, but for $pong (a reference-typed
        // local the rewrite does not handle), which runs in Sockeye's SIMD interpreter.
        assertThat(Sandbox.inspect(Api.guest("simd_mixed.wasm")).functionCount())
                .isEqualTo(17);
        assertThat(interpretedFunctionsOnceCompiled()).isEqualTo(1);
    }

    @Test
    void snapshot0ModuleIsAcceptedAndItsSocketImportsCount() {
        raw(Api.guest("snapshot0.wasm"), "")
                .then()
                .statusCode(201)
                .body("module.usesSockets", equalTo(true))
                .body("module.imports", hasItems("wasi_unstable.fd_seek", "wasi_unstable.poll_oneoff"));
    }

    @Test
    void oversizedModuleIsA413NamingTheLimit() {
        byte[] big = new byte[3 * 1024 * 1024 + 1];
        System.arraycopy(Api.guest("hello_wagi.wasm"), 0, big, 0, 8);
        raw(big, "")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("sockeye.versions.max-module-size"));
        assertNoVersions();
    }

    @Test
    void uploadToUnknownFunctionIsA404() {
        RestAssured.given()
                .header("Authorization", "Bearer " + developer)
                .contentType("application/wasm")
                .body(Api.guest("hello_wagi.wasm"))
                .post("/api/v1/functions/no-such-fn/versions")
                .then()
                .statusCode(404)
                .body("detail", containsString("no-such-fn"));
    }

    @Test
    void badEnvNameIsA400AndStoresNothing() {
        raw(Api.guest("hello_wagi.wasm"), "?env=1BAD=x")
                .then()
                .statusCode(400)
                .body("detail", containsString("environment variable name"));
        assertNoVersions();
    }

    @Test
    void activateThenRollBackToThePreviousVersion() {
        raw(Api.guest("hello_wagi.wasm"), "?activate=true").then().statusCode(201);
        raw(Api.guest("hello_wagi.wasm"), "?env=V=2").then().statusCode(201);
        Api.as(developer)
                .post("/api/v1/functions/" + function + "/versions/2/activate")
                .then()
                .statusCode(200)
                .body("active", equalTo(true));
        Api.as(developer)
                .post("/api/v1/functions/" + function + "/rollback")
                .then()
                .statusCode(200)
                .body("number", equalTo(1))
                .body("active", equalTo(true));
        Api.as(developer).get("/api/v1/functions/" + function).then().body("activeVersion", equalTo(1));
        Api.as(developer)
                .post("/api/v1/functions/" + function + "/rollback")
                .then()
                .statusCode(409)
                .body("detail", containsString("no version before"));
    }

    @Test
    void settingAnEnvVariableCreatesTheNextActiveVersion() {
        raw(Api.guest("hello_wagi.wasm"), "?activate=true&env=A=1").then().statusCode(201);
        Api.as(developer)
                .body("{\"value\": \"2\"}")
                .put("/api/v1/functions/" + function + "/env/B")
                .then()
                .statusCode(200)
                .body("number", equalTo(2))
                .body("active", equalTo(true))
                .body("env.A", equalTo("1"))
                .body("env.B", equalTo("2"));
        Api.as(developer)
                .delete("/api/v1/functions/" + function + "/env/A")
                .then()
                .statusCode(200)
                .body("number", equalTo(3))
                .body("env.A", org.hamcrest.Matchers.nullValue());
        Api.as(developer).get("/api/v1/functions/" + function + "/env").then().body("B", equalTo("2"));
    }

    private io.restassured.response.Response raw(byte[] body, String query) {
        return RestAssured.given()
                .header("Authorization", "Bearer " + developer)
                .contentType("application/wasm")
                .body(body)
                .post("/api/v1/functions/" + function + "/versions" + query);
    }

    /** The upload compiles the module ahead in the background; until then version 1's count is null. */
    private Object interpretedFunctionsOnceCompiled() throws InterruptedException {
        Object interpreted = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (interpreted == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
            interpreted = RestAssured.given()
                    .header("Authorization", "Bearer " + developer)
                    .get("/api/v1/functions/" + function + "/versions/1")
                    .path("module.interpretedFunctions");
        }
        return interpreted;
    }

    private void assertNoVersions() {
        assertThat(store.versions().list(function)).isEmpty();
    }

    private static byte[] zip(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content.getBytes());
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
