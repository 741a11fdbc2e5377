package dev.sockeye.invoker.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The file bundles of versions: zip archives of read-only files, of relative paths without {@code ..}, at least one
 * entry. The control plane {@link #check checks} one before storing it; invokers unpack each into
 * {@code <root>/<sha256>/}, once per bundle, for the guest's read-only preopened directory.
 */
public final class FileBundles {
    private final Path root;

    FileBundles(Path root) {
        this.root = root;
    }

    /**
     * Checks that {@code archive} is a bundle the invokers can unpack.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void check(byte[] archive) {
        int entries = 0;
        try (var zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().startsWith("/") || entry.getName().contains("..")) {
                    throw new IllegalArgumentException(
                            "zip entry '" + entry.getName() + "' must be a relative path without '..'");
                }
                zip.transferTo(OutputStream.nullOutputStream());
                entries++;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("files must be a zip archive: " + e.getMessage(), e);
        }
        if (entries == 0) {
            throw new IllegalArgumentException("files must be a zip archive with at least one entry");
        }
    }

    Path unpacked(String sha256, byte[] archive) {
        Path target = root.resolve(sha256);
        if (Files.isDirectory(target)) {
            return target;
        }
        try {
            Files.createDirectories(root);
            Path partial = Files.createTempDirectory(root, ".partial-");
            try (var zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    Path file = partial.resolve(entry.getName()).normalize();
                    if (!file.startsWith(partial)) {
                        throw new IOException("bundle entry escapes the bundle: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(file);
                    } else {
                        Files.createDirectories(file.getParent());
                        Files.copy(zip, file);
                    }
                }
            }
            try {
                Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // Unpacked meanwhile by another load of the same bundle.
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack file bundle " + sha256, e);
        }
    }
}
