package dev.sockeye.sockets;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import dev.sockeye.sockets.internal.compile.CacheIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The sandbox's compile cache on disk: compiled classes of a module in
 * {@code <dir>/chicory-<version>/<prefix>-sha-256-<hex>.classes}, where the key the sandbox gives is a format prefix
 * and the module's digest ({@code sockeye-v3-sha-256:<base64>}). A new Chicory version starts an empty directory, so classes of
 * another compiler are never loaded. Files are written to a temporary name and moved into place, so concurrent
 * invokers sharing the directory never read half a file.
 */
public final class DiskCompileCache implements Cache, CacheIndex {
    private final Path directory;

    public DiskCompileCache(Path root) throws IOException {
        this.directory = root.resolve("chicory-" + chicoryVersion());
        Files.createDirectories(directory);
    }

    public Path directory() {
        return directory;
    }

    @Override
    public byte[] get(String key) throws IOException {
        Path file = fileFor(key);
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public boolean contains(String key) {
        return Files.isRegularFile(fileFor(key));
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        Path file = fileFor(key);
        if (Files.exists(file)) {
            return;
        }
        Path temporary = Files.createTempFile(directory, ".partial-", ".classes");
        try {
            Files.write(temporary, data);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            // Another invoker published the same classes first; theirs are as good as ours.
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Keys end in Chicory's digest, "sha-256:<base64>"; file names use hex. */
    private Path fileFor(String key) {
        int colon = key.indexOf(':');
        String algorithm = colon < 0 ? "key" : key.substring(0, colon);
        String digest = colon < 0 ? key : key.substring(colon + 1);
        String hex;
        try {
            hex = HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(digest));
        } catch (IllegalArgumentException e) {
            hex = HexFormat.of().formatHex(digest.getBytes(StandardCharsets.UTF_8));
        }
        return directory.resolve(algorithm + "-" + hex + ".classes");
    }

    /** The Chicory version on the class path, from its Maven metadata. */
    static String chicoryVersion() {
        try (InputStream in = MachineFactoryCompiler.class.getResourceAsStream(
                "/META-INF/maven/com.dylibso.chicory/compiler/pom.properties")) {
            if (in != null) {
                var properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null) {
                    return version;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Chicory's version", e);
        }
        String version = MachineFactoryCompiler.class.getPackage().getImplementationVersion();
        if (version == null) {
            throw new IllegalStateException("cannot tell which Chicory version is on the class path");
        }
        return version;
    }
}
