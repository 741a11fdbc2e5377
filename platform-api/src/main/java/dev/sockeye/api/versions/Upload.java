package dev.sockeye.api.versions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * One upload of a new version, however it arrived (raw body or multipart).
 *
 * @param files    a zip of read-only files the guest sees, if any
 * @param activate make it the active version right away
 */
public record Upload(
        byte[] wasm, Optional<byte[]> files, List<String> args, Map<String, String> env, boolean activate) {

    /** The bytes of an uploaded multipart part (REST API and console alike). */
    public static byte[] bytes(FileUpload part) {
        try {
            return Files.readAllBytes(part.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
