package dev.sockeye.sockets.testing;

import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.GuestOutcome;
import dev.sockeye.sockets.Sandbox;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs the file-system test guests ({@code fs_probe}, and others from {@link Guests}) to completion on one shared
 * sandbox, each compiled once, with stdout and stderr captured. {@code fs_probe} takes one command per argument and
 * prints one line per command (see guests/c/fs_probe.c).
 */
public final class FsProbe {
    private static final Sandbox SANDBOX = Sandbox.builder().build();
    private static final Map<String, CompiledGuest> COMPILED = new ConcurrentHashMap<>();

    private FsProbe() {}

    /** The sandbox every test guest runs on. */
    public static Sandbox sandbox() {
        return SANDBOX;
    }

    /** The .wasm file of a test guest. */
    public static Path wasm(String name) {
        return Guests.directory().resolve(name + ".wasm");
    }

    public static CompiledGuest compiled(String name) {
        return COMPILED.computeIfAbsent(name, key -> SANDBOX.compile(Guests.bytes(key)));
    }

    /** What a guest run printed and how it ended. */
    public record Run(GuestOutcome outcome, String stdout, String stderr) {
        /** Stdout's lines. */
        public List<String> lines() {
            return stdout.lines().toList();
        }
    }

    /** Runs {@code fs_probe} with these commands as its arguments; {@code configure} adds preopens, env, stdin. */
    public static Run probe(List<String> commands, Consumer<GuestOptions.Builder> configure) {
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        var options =
                GuestOptions.builder().args("fs_probe", commands).stdout(stdout).stderr(stderr);
        configure.accept(options);
        GuestOutcome outcome = SANDBOX.run(compiled("fs_probe"), options.build());
        return new Run(outcome, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }

    public static Run probe(List<String> commands) {
        return probe(commands, options -> {});
    }

    /** Configures a run with the given stdin. */
    public static Consumer<GuestOptions.Builder> stdin(String text) {
        return options -> options.stdin(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
