package dev.sockeye.api.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.sockeye.api.testing.Api;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Modules built to exhaust the control plane are refused at upload with a 4xx naming the limit, before anything
 * they declare is allocated. They are written here byte by byte, not committed.
 */
@QuarkusTest
class OversizedModulesTest {
    private static final long GIB = 1L << 30;

    @Inject
    PolicyStore store;

    @TestHTTPResource("/")
    URL base;

    String developer;
    String function;

    @BeforeEach
    void function() {
        developer = Api.token(store, Role.DEVELOPER);
        function = Api.createFunction(developer, Api.unique("shape"));
    }

    @Test
    void aModuleDeclaringAMillionFunctionsIsRefusedNamingTheLimit() {
        // The function section alone: a million type indices (1 MB), under the test profile's 3 MiB module limit.
        var wasm = WasmWriter.module();
        wasm.section(1, new WasmWriter().u32(1).bytes(0x60, 0, 0));
        var functions = new WasmWriter().u32(1_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            functions.bytes(0);
        }
        wasm.section(3, functions);

        upload(wasm.toByteArray())
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        equalTo("the module declares 1000000 functions; the limit is 100000"
                                + " (sockeye.versions.max-functions)"));
        assertNoVersions();
    }

    @Test
    void aModuleDeclaringA1GibDataSegmentInAFewBytesIsRefusedWithoutAllocatingIt() {
        var wasm = WasmWriter.module();
        wasm.section(5, new WasmWriter().u32(1).bytes(0).u32(1)); // one memory, 1 page minimum
        // One active segment at offset 0 declaring 1 GiB, followed by 16 bytes.
        wasm.section(
                11, new WasmWriter().u32(1).u32(0).bytes(0x41, 0, 0x0b).u32(GIB).bytes(new byte[16]));

        upload(wasm.toByteArray())
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        equalTo(
                                "not a valid WebAssembly module: data segment 0 declares 1073741824 bytes, but only 16 follow"));
        assertNoVersions();
    }

    @Test
    void aGibibyteUploadIsRefusedFromItsContentLengthWithoutBeingRead() throws Exception {
        try (var socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            out.write(("POST /api/v1/functions/" + function + "/versions HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: Bearer " + developer + "\r\nContent-Type: application/wasm\r\n"
                            + "Content-Length: " + GIB + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]); // the start of a body that never comes in full
            out.flush();

            String answer = readHead(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413");
        }
        assertNoVersions();
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        var head = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private Response upload(byte[] wasm) {
        return RestAssured.given()
                .header("Authorization", "Bearer " + developer)
                .contentType("application/wasm")
                .body(wasm)
                .post("/api/v1/functions/" + function + "/versions");
    }

    private void assertNoVersions() {
        assertThat(store.versions().list(function)).isEmpty();
    }

    /** The few pieces of the binary format these modules need: LEB128 numbers, raw bytes, sections. */
    private static final class WasmWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        WasmWriter() {}

        static WasmWriter module() {
            return new WasmWriter().bytes(0, 'a', 's', 'm', 1, 0, 0, 0);
        }

        WasmWriter u32(long value) {
            do {
                int b = (int) (value & 0x7f);
                value >>>= 7;
                out.write(value == 0 ? b : b | 0x80);
            } while (value != 0);
            return this;
        }

        WasmWriter bytes(int... values) {
            for (int value : values) {
                out.write(value);
            }
            return this;
        }

        WasmWriter bytes(byte[] values) {
            out.writeBytes(values);
            return this;
        }

        WasmWriter section(int id, WasmWriter content) {
            byte[] body = content.toByteArray();
            return bytes(id).u32(body.length).bytes(body);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
