package dev.sockeye.sockets.wasi;

import java.nio.file.Path;

/** A host directory given to the guest at start, under the name the guest sees (fd_prestat_get). */
public final class PreopenedDirectory implements Descriptor {
    private final Path hostPath;
    private final String guestPath;
    private final boolean readOnly;

    public PreopenedDirectory(Path hostPath, String guestPath, boolean readOnly) {
        this.hostPath = hostPath;
        this.guestPath = guestPath;
        this.readOnly = readOnly;
    }

    public Path hostPath() {
        return hostPath;
    }

    public String guestPath() {
        return guestPath;
    }

    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public FileType fileType() {
        return FileType.DIRECTORY;
    }

    @Override
    public long rightsBase() {
        return 0;
    }

    @Override
    public long rightsInheriting() {
        return 0;
    }

    @Override
    public void close() {}
}
