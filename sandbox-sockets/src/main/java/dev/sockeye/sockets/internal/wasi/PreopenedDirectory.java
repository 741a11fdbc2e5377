package dev.sockeye.sockets.internal.wasi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A host directory given to the guest at start, under the name the guest sees (fd_prestat_get). It is the root of
 * its own sandbox: no path resolved from it, or from a directory opened below it, leads outside.
 */
public final class PreopenedDirectory extends OpenDirectory {
    private final String guestPath;

    /**
     * @param hostPath an existing host directory (its real path becomes the sandbox root)
     * @param guestPath the name the guest sees, such as {@code /data}
     * @param readOnly whether every change below it is refused with EROFS
     * @throws UncheckedIOException if the host directory cannot be resolved
     */
    public PreopenedDirectory(Path hostPath, String guestPath, boolean readOnly) {
        super(realPath(hostPath), List.of(), readOnly);
        this.guestPath = guestPath;
    }

    private static Path realPath(Path hostPath) {
        try {
            return hostPath.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot preopen " + hostPath + ": " + e.getMessage(), e);
        }
    }

    public Path hostPath() {
        return root();
    }

    public String guestPath() {
        return guestPath;
    }

    @Override
    public boolean readOnly() {
        return super.readOnly();
    }

    /** The guest name as fd_prestat_dir_name writes it: UTF-8, without a terminator. */
    byte[] guestPathBytes() {
        return guestPath.getBytes(StandardCharsets.UTF_8);
    }
}
