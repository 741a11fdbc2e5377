package dev.sockeye.api.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What the flow test leaves for the restart test: Quarkus runs tests without a profile first, then restarts the app
 * for tests with one, on the same data directory.
 */
public final class RestartMarker {

    private static final Path FILE =
            Path.of(System.getProperty("java.io.tmpdir"), "sockeye-home", "restart-marker.properties");

    private RestartMarker() {}

    public static void write(Properties values) {
        try (Writer writer = Files.newBufferedWriter(FILE)) {
            values.store(writer, "written by FullFlowTest for RestartTest");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the flow test wrote in this test run, if it ran. */
    public static Optional<Properties> read() {
        if (!Files.exists(FILE)) {
            return Optional.empty();
        }
        Properties values = new Properties();
        try (Reader reader = Files.newBufferedReader(FILE)) {
            values.load(reader);
            Files.delete(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(values);
    }
}
