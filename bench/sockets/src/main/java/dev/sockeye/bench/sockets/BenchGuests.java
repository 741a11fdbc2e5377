package dev.sockeye.bench.sockets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The prebuilt guest modules (guests/bin), found through {@code -Dsockeye.guests.dir} as the run scripts set it. */
final class BenchGuests {
    private BenchGuests() {}

    static byte[] bytes(String name) {
        Path directory = Path.of(System.getProperty("sockeye.guests.dir", "guests/bin"));
        try {
            return Files.readAllBytes(directory.resolve(name + ".wasm"));
        } catch (IOException e) {
            throw new UncheckedIOException("guest " + name + " not found under " + directory.toAbsolutePath(), e);
        }
    }
}
