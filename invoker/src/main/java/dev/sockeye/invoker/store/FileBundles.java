package dev.sockeye.invoker.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks versions' file bundles (zip archives) into {@code <root>/<sha256>/}, once per bundle, so a guest can
 * see them as a read-only preopened directory. Entries that would land outside the directory are refused.
 */
final class FileBundles {
    private final Path root;

    FileBundles(Path root) {
        this.root = root;
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
