package dev.sockeye.sockets.internal.wasi;

import dev.sockeye.sockets.internal.fd.Descriptor;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.FileType;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.IoVecs;
import dev.sockeye.sockets.internal.fd.Rights;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.io.IOException;
import java.io.OutputStream;

/** A guest's stdout or stderr: every fd_write goes straight to the host stream and is flushed. */
public final class OutputStreamDescriptor implements Descriptor {
    private static final long RIGHTS = Rights.FD_WRITE | Rights.POLL_FD_READWRITE | Rights.FD_FDSTAT_SET_FLAGS;
    private final OutputStream output;

    public OutputStreamDescriptor(OutputStream output) {
        this.output = output;
    }

    @Override
    public FileType fileType() {
        return FileType.CHARACTER_DEVICE;
    }

    @Override
    public long rightsBase() {
        return RIGHTS;
    }

    @Override
    public long rightsInheriting() {
        return 0;
    }

    @Override
    public int write(GuestMemory memory, IoVecs from) {
        byte[] data = from.gather(memory, Integer.MAX_VALUE);
        try {
            output.write(data);
            output.flush();
        } catch (IOException e) {
            throw new WasiException(Errno.IO, "output: " + e.getMessage());
        }
        return data.length;
    }

    @Override
    public void close() {
        try {
            output.flush();
        } catch (IOException e) {
            // Nothing more can reach the stream; the run's outcome does not depend on it.
        }
    }
}
