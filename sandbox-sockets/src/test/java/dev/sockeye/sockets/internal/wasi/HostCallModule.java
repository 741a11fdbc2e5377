package dev.sockeye.sockets.internal.wasi;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A module that imports every preview1 host call Sockeye implements (sockets included) and exports each as
 * {@code f<i>} with the same signature, plus {@code store8(address, byte)} and its one page of memory: the fuzzer
 * calls host functions through it with any arguments. Written as binary here, so it follows the host's list of
 * calls without a toolchain.
 */
final class HostCallModule {
    static final List<HostCall> CALLS = Preview1Linker.preview1Calls();

    private HostCallModule() {}

    static byte[] bytes() {
        int n = CALLS.size();
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});

        var types = new Section();
        types.u32(n + 1);
        for (HostCall call : CALLS) {
            types.functionType(call.type());
        }
        types.functionType(FunctionType.of(new ValType[] {ValType.I32, ValType.I32}, new ValType[0]));
        types.writeTo(out, 1);

        var imports = new Section();
        imports.u32(n);
        for (int i = 0; i < n; i++) {
            imports.name(Preview1Linker.MODULE);
            imports.name(CALLS.get(i).name());
            imports.bytes.write(0x00);
            imports.u32(i);
        }
        imports.writeTo(out, 2);

        var functions = new Section();
        functions.u32(n + 1);
        for (int i = 0; i <= n; i++) {
            functions.u32(i);
        }
        functions.writeTo(out, 3);

        var memory = new Section();
        memory.u32(1);
        memory.bytes.writeBytes(new byte[] {0x01, 1, 1}); // exactly one page
        memory.writeTo(out, 5);

        var exports = new Section();
        exports.u32(n + 2);
        exports.name("memory");
        exports.bytes.write(0x02);
        exports.u32(0);
        for (int i = 0; i < n; i++) {
            exports.name("f" + i);
            exports.bytes.write(0x00);
            exports.u32(n + i);
        }
        exports.name("store8");
        exports.bytes.write(0x00);
        exports.u32(2 * n);
        exports.writeTo(out, 7);

        var code = new Section();
        code.u32(n + 1);
        for (int i = 0; i < n; i++) {
            var body = new Section();
            body.u32(0); // no locals
            for (int p = 0; p < CALLS.get(i).type().params().size(); p++) {
                body.bytes.write(0x20); // local.get
                body.u32(p);
            }
            body.bytes.write(0x10); // call
            body.u32(i);
            body.bytes.write(0x0b);
            code.sized(body);
        }
        var store8 = new Section();
        store8.bytes.writeBytes(new byte[] {0, 0x20, 0, 0x20, 1, 0x3a, 0, 0, 0x0b});
        code.sized(store8);
        code.writeTo(out, 10);
        return out.toByteArray();
    }

    private static final class Section {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void u32(long value) {
            do {
                int b = (int) (value & 0x7f);
                value >>>= 7;
                bytes.write(value == 0 ? b : b | 0x80);
            } while (value != 0);
        }

        void name(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            u32(utf8.length);
            bytes.writeBytes(utf8);
        }

        void functionType(FunctionType type) {
            bytes.write(0x60);
            u32(type.params().size());
            type.params().forEach(t -> bytes.write(code(t)));
            u32(type.returns().size());
            type.returns().forEach(t -> bytes.write(code(t)));
        }

        void sized(Section inner) {
            u32(inner.bytes.size());
            bytes.writeBytes(inner.bytes.toByteArray());
        }

        void writeTo(ByteArrayOutputStream out, int id) {
            out.write(id);
            var size = new Section();
            size.u32(bytes.size());
            out.writeBytes(size.bytes.toByteArray());
            out.writeBytes(bytes.toByteArray());
        }

        private static int code(ValType type) {
            if (type.equals(ValType.I32)) {
                return 0x7f;
            }
            if (type.equals(ValType.I64)) {
                return 0x7e;
            }
            throw new IllegalArgumentException("host calls take i32 and i64 only, not " + type);
        }
    }
}
