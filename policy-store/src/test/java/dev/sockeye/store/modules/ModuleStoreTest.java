package dev.sockeye.store.modules;

import static dev.sockeye.store.Fixtures.ACTOR;
import static dev.sockeye.store.Fixtures.wasmImporting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.store.Sql;
import dev.sockeye.store.StoreTest;
import dev.sockeye.store.errors.StoreException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModuleStoreTest extends StoreTest {

    private ModuleStore modules;

    @BeforeEach
    void prepare() {
        modules = store.modules();
    }

    @Test
    void uploadingTheSameModuleTwiceStoresItOnce() {
        byte[] wasm = wasmImporting("wasi_snapshot_preview1", "fd_write");

        StoredModule first = modules.upload(wasm, ACTOR);
        StoredModule second = modules.upload(wasm.clone(), "test:bob");

        assertThat(second).isEqualTo(first);
        assertThat(Sql.queryLong(store, "select count(*) from modules")).isEqualTo(1);
        assertThat(second.uploadedBy()).isEqualTo(ACTOR);
    }

    @Test
    void moduleIsAddressedBySha256AndListsItsImports() {
        byte[] wasm = wasmImporting("wasi_snapshot_preview1", "fd_write", "wasi_snapshot_preview1", "sock_connect");

        StoredModule module = modules.upload(wasm, ACTOR);

        assertThat(module.sha256()).isEqualTo(Sha256.hex(wasm)).hasSize(64);
        assertThat(module.sizeBytes()).isEqualTo(wasm.length);
        assertThat(module.imports())
                .containsExactly("wasi_snapshot_preview1.fd_write", "wasi_snapshot_preview1.sock_connect");
        assertThat(modules.wasm(module.sha256())).isEqualTo(wasm);
        assertThat(modules.get(module.sha256())).isEqualTo(module);
    }

    @Test
    void bytesThatAreNotWasmAreInvalid() {
        assertThatThrownBy(() -> modules.upload("#!/bin/sh".getBytes(), ACTOR))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("not a WebAssembly 1.0 binary module");
    }

    @Test
    void truncatedWasmIsInvalid() {
        byte[] wasm = wasmImporting("env", "f");
        byte[] truncated = java.util.Arrays.copyOf(wasm, wasm.length - 3);

        assertThatThrownBy(() -> modules.upload(truncated, ACTOR))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("malformed WebAssembly module");
    }

    @Test
    void unknownModuleIsNotFound() {
        assertThatThrownBy(() -> modules.wasm("0".repeat(64)))
                .isInstanceOf(StoreException.NotFound.class)
                .hasMessageContaining("no module with sha256");
    }
}
