package dev.sockeye.cli.project;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A new function project for {@code sockeye new}: the handler, build script, {@code sockeye.toml} and README of one
 * language, with that language's guest SDK copied in. Templates are resources beside this class; the SDK files are
 * the repository's {@code guests/sdk}, packaged by the build.
 */
public enum ProjectTemplate {
    C(List.of(
            new Entry("main.c", "main.c"),
            new Entry("build.sh", "build.sh"),
            new Entry("sockeye.toml", "sockeye.toml"),
            new Entry("README.md", "README.md"),
            new Entry("sdk/c/sockeye_wagi.h", "sdk/sockeye_wagi.h"),
            new Entry("sdk/c/sockeye_wagi.c", "sdk/sockeye_wagi.c"),
            new Entry("sdk/c/sockeye_socket.h", "sdk/sockeye_socket.h"),
            new Entry("sdk/c/sockeye_socket.c", "sdk/sockeye_socket.c"),
            new Entry("sdk/c/sockeye_tls.h", "sdk/sockeye_tls.h"),
            new Entry("sdk/c/sockeye_tls.c", "sdk/sockeye_tls.c"))),
    RUST(List.of(
            new Entry("main.rs", "src/main.rs"),
            new Entry("build.sh", "build.sh"),
            new Entry("sockeye.toml", "sockeye.toml"),
            new Entry("README.md", "README.md"),
            new Entry("sdk/rust/sockeye.rs", "src/sockeye.rs")));

    /** The platform's function names (docs/api.md), so that the project deploys under its own name. */
    public static final Pattern FUNCTION_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private static final String BUILD_SCRIPT = "build.sh";

    /** A resource (relative to {@code project/}, or to {@code project/<language>/} for templates) and its place. */
    private record Entry(String resource, String target) {
        boolean isSdk() {
            return resource.startsWith("sdk/");
        }
    }

    private final List<Entry> entries;

    ProjectTemplate(List<Entry> entries) {
        this.entries = entries;
    }

    /** The language as typed on the command line: {@code c} or {@code rust}. */
    public String language() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Writes the project for function {@code name} into {@code directory}, which must not exist or be empty, and
     * returns the files written, relative to it. SDK files are copied byte for byte; in the others
     * {@code {{name}}} and {@code {{description}}} are replaced.
     */
    public List<Path> write(Path directory, String name) throws IOException {
        if (!FUNCTION_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a function name (lower-case letters, digits,"
                    + " '-' and '_', starting with a letter or digit, at most 63 characters)");
        }
        if (Files.exists(directory) && !isEmptyDirectory(directory)) {
            throw new FileAlreadyExistsException(directory.toString(), null, "exists and is not an empty directory");
        }
        Map<String, String> values =
                Map.of("{{name}}", name, "{{description}}", "a Sockeye function in " + displayName());
        List<Path> written = new ArrayList<>();
        for (Entry entry : entries) {
            Path target = directory.resolve(entry.target());
            Files.createDirectories(target.getParent());
            byte[] bytes = resource(entry.isSdk() ? entry.resource() : language() + "/" + entry.resource());
            if (!entry.isSdk()) {
                String text = new String(bytes, StandardCharsets.UTF_8);
                for (Map.Entry<String, String> value : values.entrySet()) {
                    text = text.replace(value.getKey(), value.getValue());
                }
                bytes = text.getBytes(StandardCharsets.UTF_8);
            }
            Files.write(target, bytes);
            if (entry.target().equals(BUILD_SCRIPT)) {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            written.add(Path.of(entry.target()));
        }
        return written;
    }

    private String displayName() {
        return this == C ? "C" : "Rust";
    }

    private static boolean isEmptyDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (var children = Files.list(directory)) {
            return children.findAny().isEmpty();
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ProjectTemplate.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the CLI was built without its project resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
