package dev.sockeye.api.versions;

import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.sockets.Sandbox;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;

/**
 * A cold JVM parses a 1 MiB module several times slower than a warm one (class loading, then the JIT), and the
 * first upload and the first request after it both parse. Once the server listens, in the background, this
 * inspects a generated module (as {@link ModuleInspector} inspects an upload) until the parser is compiled, so the
 * first real upload is not the one paying. Readiness does not wait for it: the node serves at once, and an upload
 * meanwhile only parses slower; {@code event=engine_warmed} says when it is done. It starts after the boot, not
 * beside it, because on few cores its parsing would slow the boot itself down.
 * {@code sockeye.versions.warm-up-parses=0} turns it off.
 */
@ApplicationScoped
public class EngineWarmUp {

    /** Functions in the generated module: about 100 KiB of code, each body a few arithmetic instructions. */
    private static final int FUNCTIONS = 4000;

    @Inject
    SockeyeConfig config;

    /** Quarkus fires this asynchronously once the HTTP server listens, so nothing of the start waits for it. */
    void start(@ObservesAsync HttpServerStart listening) {
        int parses = config.versions().warmUpParses();
        if (parses == 0) {
            Log.info("event=engine_warm_up_off parses=0");
            return;
        }
        Thread.ofVirtual().name("engine-warm-up").start(() -> {
            long begun = System.nanoTime();
            byte[] wasm = generatedModule();
            try {
                for (int i = 0; i < parses; i++) {
                    Sandbox.inspect(wasm); // what an upload runs: parse, feature scan, link check
                }
                Log.infof(
                        "event=engine_warmed parses=%d module_bytes=%d ms=%d",
                        parses, wasm.length, (System.nanoTime() - begun) / 1_000_000);
            } catch (RuntimeException e) {
                Log.warnf("event=engine_warm_up_failed error=\"%s\"", e.getMessage());
            }
        });
    }

    /** A valid core module: one type (i32) -> i32 and {@link #FUNCTIONS} functions computing on their argument. */
    static byte[] generatedModule() {
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        leb(code, FUNCTIONS);
        for (int i = 0; i < FUNCTIONS; i++) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(0x00); // no locals
            for (int step = 0; step < 4; step++) {
                body.write(0x20); // local.get 0
                body.write(0x00);
                body.write(0x41); // i32.const (i * 31 + step), signed LEB128
                sleb(body, i * 31 + step);
                body.write(step % 2 == 0 ? 0x6c : 0x73); // i32.mul / i32.xor
                body.write(0x21); // local.set 0
                body.write(0x00);
            }
            body.write(0x20); // local.get 0
            body.write(0x00);
            body.write(0x0b); // end
            leb(code, body.size());
            code.writeBytes(body.toByteArray());
        }
        ByteArrayOutputStream functions = new ByteArrayOutputStream();
        leb(functions, FUNCTIONS);
        for (int i = 0; i < FUNCTIONS; i++) {
            functions.write(0x00);
        }
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        section(module, 1, new byte[] {0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f});
        section(module, 3, functions.toByteArray());
        section(module, 10, code.toByteArray());
        return module.toByteArray();
    }

    private static void section(ByteArrayOutputStream module, int id, byte[] content) {
        module.write(id);
        leb(module, content.length);
        module.writeBytes(content);
    }

    private static void leb(ByteArrayOutputStream out, long value) {
        do {
            int next = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value == 0 ? next : next | 0x80);
        } while (value != 0);
    }

    private static void sleb(ByteArrayOutputStream out, long value) {
        boolean more = true;
        while (more) {
            int next = (int) (value & 0x7f);
            value >>= 7;
            more = !((value == 0 && (next & 0x40) == 0) || (value == -1 && (next & 0x40) != 0));
            out.write(more ? next | 0x80 : next);
        }
    }
}
