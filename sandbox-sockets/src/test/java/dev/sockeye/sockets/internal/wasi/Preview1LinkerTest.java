package dev.sockeye.sockets.internal.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import dev.sockeye.sockets.testing.Guests;
import org.junit.jupiter.api.Test;

class Preview1LinkerTest {

    @Test
    void everySocketCallLinksInEverySignatureWasmEdgeKnows() {
        var module = Parser.parse(Guests.bytes("socket_imports"));
        assertThat(Preview1Linker.standard().unsatisfiedImports(module)).isEmpty();
    }

    @Test
    void everyGuestInTheRepositoryLinks() {
        for (String guest : new String[] {
            "tcp_echo_client",
            "tcp_server",
            "udp_client",
            "lookup",
            "sockopts",
            "http_get",
            "files",
            "hello_wagi",
            "bad_inputs",
            "unknown_socket_import",
            "tcp_accept_preview1",
            "snapshot0"
        }) {
            var module = Parser.parse(Guests.bytes(guest));
            assertThat(Preview1Linker.standard().unsatisfiedImports(module))
                    .as(guest)
                    .isEmpty();
        }
    }

    @Test
    void importsThatCannotBeSatisfiedAreEachListedWithTheReason() {
        var module = Parser.parse(Guests.bytes("unlinkable"));
        assertThat(Preview1Linker.standard().unsatisfiedImports(module))
                .extracting(dev.sockeye.sockets.modules.UnsatisfiedImport::toString)
                .containsExactly(
                        "wasi_snapshot_preview1.fd_write: signature (i32,i32,i32) -> (i32) matches none of "
                                + "[(i32,i32,i32,i32) -> (i32)]",
                        "env.host_magic: unknown import module");
    }
}
