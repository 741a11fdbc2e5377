package dev.sockeye.sockets.internal.rewrite;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionBody;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Function bodies a rewrite wrote in the binary format, read back by Chicory's parser, which builds the
 * control-flow annotations its compiler needs. They are parsed as a module of their own, unvalidated: the caller
 * puts them in place and validates the module they end up in.
 */
public final class FunctionBodies {
    private static final byte[] HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};
    private static final int TYPE_SECTION = 1;
    private static final int FUNCTION_SECTION = 3;
    private static final int CODE_SECTION = 10;

    private FunctionBodies() {}

    /** Each body (its locals and code, without the size prefix) parsed, in the same order. */
    public static List<FunctionBody> parse(List<byte[]> bodies) {
        var code = new WasmBytes().u32(bodies.size());
        bodies.forEach(code::sized);
        var functions = new WasmBytes().u32(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            functions.u32(0);
        }
        byte[] bytes = new WasmBytes()
                .bytes(HEADER)
                .u8(TYPE_SECTION)
                .sized(new byte[] {1, 0x60, 0, 0})
                .u8(FUNCTION_SECTION)
                .sized(functions.toByteArray())
                .u8(CODE_SECTION)
                .sized(code.toByteArray())
                .toByteArray();
        WasmModule parsed = Parser.builder().withValidation(false).build().parse(() -> new ByteArrayInputStream(bytes));
        var result = new ArrayList<FunctionBody>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            result.add(parsed.codeSection().getFunctionBody(i));
        }
        return result;
    }
}
