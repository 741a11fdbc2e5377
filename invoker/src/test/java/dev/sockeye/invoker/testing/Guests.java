package dev.sockeye.invoker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The prebuilt guest modules under guests/bin (rebuilt from source by guests/build.sh). */
public final class Guests {
    private Guests() {}

    public static byte[] bytes(String name) {
        String configured = System.getProperty("sockeye.guests.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "guests", "bin");
        try {
            return Files.readAllBytes(dir.resolve(name + ".wasm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
