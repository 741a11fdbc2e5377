package dev.sockeye.sockets.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The prebuilt guest modules under guests/bin (rebuilt from source by guests/build.sh). */
public final class Guests {
    private Guests() {}

    public static Path directory() {
        String configured = System.getProperty("sockeye.guests.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "guests", "bin");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("guest modules not found at " + dir.toAbsolutePath());
        }
        return dir;
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(directory().resolve(name + ".wasm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
