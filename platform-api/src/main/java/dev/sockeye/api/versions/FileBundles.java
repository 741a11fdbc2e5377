package dev.sockeye.api.versions;

import dev.sockeye.api.problems.ApiException;
import dev.sockeye.api.problems.ProblemTypes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The optional zip of read-only files a version carries: checked to be a readable zip before it is stored. */
final class FileBundles {

    private FileBundles() {}

    static void requireZip(byte[] zip, long limit) {
        if (zip.length > limit) {
            throw new ApiException(
                    413,
                    ProblemTypes.MODULE_TOO_LARGE,
                    "Files too large",
                    "the files zip has " + zip.length + " bytes; the limit is " + limit
                            + " (sockeye.versions.max-files-size)",
                    "files",
                    List.of());
        }
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().startsWith("/") || entry.getName().contains("..")) {
                    throw ApiException.badRequest(
                            "files", "zip entry '" + entry.getName() + "' must be a relative path without '..'");
                }
                in.transferTo(java.io.OutputStream.nullOutputStream());
                entries++;
            }
        } catch (IOException e) {
            throw ApiException.badRequest("files", "files must be a zip archive: " + e.getMessage());
        }
        if (entries == 0) {
            throw ApiException.badRequest("files", "files must be a zip archive with at least one entry");
        }
    }
}
