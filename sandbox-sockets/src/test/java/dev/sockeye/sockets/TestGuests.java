package dev.sockeye.sockets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Test guests from {@code guests/bin} (the {@code sockeye.guests.dir} property), compiled once and run on one
 * shared sandbox, with their stdout and stderr captured.
 */
public final class TestGuests {
    private static final Sandbox SANDBOX = Sandbox.builder().build();
    private static final Map<String, CompiledGuest> COMPILED = new ConcurrentHashMap<>();

    private TestGuests() {}

    /** The sandbox every test guest runs on. */
    public static Sandbox sandbox() {
        return SANDBOX;
    }

    /** The .wasm file of a test guest. */
    public static Path wasm(String name) {
        String directory = System.getProperty("sockeye.guests.dir", "../guests/bin");
        return Path.of(directory, name + ".wasm");
    }

    public static CompiledGuest compiled(String name) {
        return COMPILED.computeIfAbsent(name, key -> {
            try {
                return SANDBOX.compile(Files.readAllBytes(wasm(key)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
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
        var options = GuestOptions.builder().args("fs_probe", commands).stdout(stdout).stderr(stderr);
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
