package dev.sockeye.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the CLI talks to and with which token: {@code $SOCKEYE_HOME/config} (written by {@code sockeye login}, mode
 * 600), overridden by {@code SOCKEYE_URL} and {@code SOCKEYE_TOKEN}.
 */
public record Credentials(URI url, String token) {

    public static final URI DEFAULT_URL = URI.create("http://localhost:8080");
    private static final String FILE = "config";

    public static Path file(CliEnvironment environment) {
        return environment.home().resolve(FILE);
    }

    /** What a command uses: the stored login with the environment's overrides; the token may be null. */
    public static Credentials resolve(CliEnvironment environment) throws IOException {
        Optional<Credentials> stored = read(file(environment));
        String url = environment.variable("SOCKEYE_URL");
        String token = environment.variable("SOCKEYE_TOKEN");
        return new Credentials(
                url != null ? parseUrl(url) : stored.map(Credentials::url).orElse(DEFAULT_URL),
                token != null ? token : stored.map(Credentials::token).orElse(null));
    }

    public static Optional<Credentials> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        String url = properties.getProperty("url");
        return Optional.of(new Credentials(url == null ? DEFAULT_URL : parseUrl(url), properties.getProperty("token")));
    }

    /** Writes the file readable by its owner only: created 600 before the token goes in, then moved into place. */
    public void store(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(FILE + ".partial");
        Files.deleteIfExists(partial);
        try {
            Files.createFile(
                    partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another sockeye login is writing " + partial, e);
        }
        Properties properties = new Properties();
        properties.setProperty("url", url.toString());
        properties.setProperty("token", token);
        try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            properties.store(writer, "sockeye login: the platform and the API token the CLI uses");
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A platform URL as the user types it: {@code localhost:8080} means {@code http://localhost:8080}. */
    public static URI parseUrl(String text) {
        String trimmed = text.trim();
        String withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed;
        URI uri;
        try {
            uri = URI.create(withScheme.endsWith("/") ? withScheme.substring(0, withScheme.length() - 1) : withScheme);
        } catch (IllegalArgumentException e) {
            throw new BadUrl(text);
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new BadUrl(text);
        }
        return uri;
    }

    /** A URL that is not http(s)://host[:port]; a usage error. */
    public static final class BadUrl extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadUrl(String text) {
            super("'" + text + "' is not a platform URL like http://localhost:8080");
        }
    }
}
