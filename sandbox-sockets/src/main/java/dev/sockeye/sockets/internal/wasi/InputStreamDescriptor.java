package dev.sockeye.sockets.internal.wasi;

import dev.sockeye.sockets.internal.fd.Descriptor;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.FileType;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.IoVecs;
import dev.sockeye.sockets.internal.fd.Rights;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.io.IOException;
import java.io.InputStream;

/** A guest's stdin: a blocking host stream read on the guest's own (virtual) thread. */
public final class InputStreamDescriptor implements Descriptor {
    private static final long RIGHTS = Rights.FD_READ | Rights.POLL_FD_READWRITE | Rights.FD_FDSTAT_SET_FLAGS;
    private final InputStream input;
    private byte[] chunk = new byte[0];

    public InputStreamDescriptor(InputStream input) {
        this.input = input;
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
    public int read(GuestMemory memory, IoVecs into) {
        int wanted = into.totalLength();
        if (wanted == 0) {
            return 0;
        }
        if (chunk.length < wanted) {
            chunk = new byte[Math.min(wanted, 64 * 1024)];
        }
        try {
            int count = input.read(chunk, 0, Math.min(wanted, chunk.length));
            return count < 0 ? 0 : into.scatter(memory, chunk, 0, count);
        } catch (IOException e) {
            throw new WasiException(Errno.IO, "stdin: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            input.close();
        } catch (IOException e) {
            // The guest is done with stdin; a failing close of the host stream changes nothing for it.
        }
    }
}
