package dev.sockeye.store.modules;

import dev.sockeye.store.errors.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the import section of a Wasm binary, enough to list "module.name" entries (an admin wants to see that
 * a function imports {@code wasi_snapshot_preview1.sock_connect}) without carrying a Wasm runtime here.
 */
final class WasmImports {

    private static final byte[] MAGIC_AND_VERSION = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    private static final int IMPORT_SECTION = 2;

    private final byte[] wasm;
    private int position;

    private WasmImports(byte[] wasm) {
        this.wasm = wasm;
    }

    /** Imports as {@code module.name}, in declaration order. */
    static List<String> read(byte[] wasm) {
        return new WasmImports(wasm).readImports();
    }

    private List<String> readImports() {
        for (int i = 0; i < MAGIC_AND_VERSION.length; i++) {
            if (wasm.length <= i || wasm[i] != MAGIC_AND_VERSION[i]) {
                throw new StoreException.Invalid("not a WebAssembly 1.0 binary module: bad magic or version header");
            }
        }
        position = MAGIC_AND_VERSION.length;
        while (position < wasm.length) {
            int sectionId = readByte();
            int sectionSize = readU32();
            int sectionEnd = position + sectionSize;
            if (sectionEnd > wasm.length || sectionEnd < position) {
                throw malformed("section " + sectionId + " runs past the end of the module");
            }
            if (sectionId == IMPORT_SECTION) {
                return readImportEntries();
            }
            position = sectionEnd;
        }
        return List.of();
    }

    private List<String> readImportEntries() {
        int count = readU32();
        List<String> imports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String module = readName();
            String name = readName();
            skipImportDescription();
            imports.add(module + "." + name);
        }
        return imports;
    }

    private void skipImportDescription() {
        int kind = readByte();
        switch (kind) {
            case 0x00 -> readU32(); // function: type index
            case 0x01 -> {
                readByte();
                skipLimits();
            } // table: reftype, limits
            case 0x02 -> skipLimits(); // memory: limits
            case 0x03 -> {
                readByte();
                readByte();
            } // global: valtype, mutability
            case 0x04 -> {
                readByte();
                readU32();
            } // tag (exception handling): attribute, type index
            default -> throw malformed("unknown import kind " + kind);
        }
    }

    private void skipLimits() {
        int flags = readByte();
        readU64();
        if ((flags & 0x01) != 0) {
            readU64();
        }
    }

    private String readName() {
        int length = readU32();
        if (position + length > wasm.length || length < 0) {
            throw malformed("import name runs past the end of the module");
        }
        String name = new String(wasm, position, length, StandardCharsets.UTF_8);
        position += length;
        return name;
    }

    private int readU32() {
        long value = readU64();
        if (value > 0xFFFF_FFFFL) {
            throw malformed("u32 out of range");
        }
        return (int) value;
    }

    private long readU64() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int next = readByte();
            result |= (long) (next & 0x7f) << shift;
            if ((next & 0x80) == 0) {
                return result;
            }
        }
        throw malformed("LEB128 number too long");
    }

    private int readByte() {
        if (position >= wasm.length) {
            throw malformed("unexpected end of module");
        }
        return wasm[position++] & 0xff;
    }

    private static StoreException.Invalid malformed(String problem) {
        return new StoreException.Invalid("malformed WebAssembly module: " + problem);
    }
}
