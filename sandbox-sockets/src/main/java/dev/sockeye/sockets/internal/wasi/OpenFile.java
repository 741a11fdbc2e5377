package dev.sockeye.sockets.internal.wasi;

import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.FileType;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.IoVecs;
import dev.sockeye.sockets.internal.fd.Rights;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A file the guest opened with path_open. Append mode is done here (seek to the end before each write) rather than
 * with the JDK's APPEND option, which cannot be combined with reading and cannot be toggled by fd_fdstat_set_flags.
 */
final class OpenFile extends FilesystemDescriptor {
    /** Most bytes one fd_read moves; a shorter read is always allowed, and it bounds the host buffer. */
    private static final int MAX_READ = 1 << 20;
    /** Most bytes one fd_write moves; more is a short write, which callers loop over. */
    private static final int MAX_WRITE = 16 << 20;

    private static final int SYNC_FLAGS = FDFLAG_DSYNC | FDFLAG_RSYNC | FDFLAG_SYNC;
    private static final int CHANGEABLE_FLAGS = FDFLAG_APPEND | FDFLAG_NONBLOCK;

    /** Where the file was opened; reads and writes use the channel, only stat and times use the path. */
    private final GuestPath location;

    private final FileChannel channel;
    private final FileType type;
    private final boolean readOnly;
    private int fdFlags;

    /**
     * @param readable whether the channel was opened for reading
     * @param writable whether the channel was opened for writing
     * @param readOnly whether the file lies in a read-only preopen
     */
    OpenFile(
            GuestPath location,
            FileChannel channel,
            FileType type,
            boolean readable,
            boolean writable,
            boolean readOnly,
            int fdFlags) {
        super(rights(readable, writable), 0);
        this.location = location;
        this.channel = channel;
        this.type = type;
        this.readOnly = readOnly;
        this.fdFlags = fdFlags;
    }

    private static long rights(boolean readable, boolean writable) {
        long rights = FILE_RIGHTS;
        if (!readable) {
            rights &= ~Rights.FD_READ;
        }
        if (!writable) {
            rights &= ~FILE_WRITE_RIGHTS;
        }
        return rights;
    }

    /** Resolved again: a component on the way may have been replaced by a link since the file was opened. */
    @Override
    Path hostPath() {
        return GuestPath.recheck(location.root(), location.components(), false).host();
    }

    @Override
    boolean readOnly() {
        return readOnly;
    }

    @Override
    public FileType fileType() {
        return type;
    }

    @Override
    public int fdFlags() {
        return fdFlags;
    }

    /** APPEND and NONBLOCK can be changed (NONBLOCK changes nothing for a file); the sync flags are fixed at open. */
    @Override
    public void setFdFlags(int flags) {
        if ((flags & SYNC_FLAGS) != (fdFlags & SYNC_FLAGS)) {
            throw new WasiException(Errno.NOTSUP, "sync flags are fixed when the file is opened");
        }
        fdFlags = (fdFlags & ~CHANGEABLE_FLAGS) | (flags & CHANGEABLE_FLAGS);
    }

    @Override
    public int read(GuestMemory memory, IoVecs into) {
        return readAt(memory, into, -1);
    }

    /** fd_pread when {@code offset >= 0}; otherwise a read at the current position that advances it. */
    int readAt(GuestMemory memory, IoVecs into, long offset) {
        requireRight(Rights.FD_READ);
        var buffer = ByteBuffer.allocate(Math.min(into.totalLength(), MAX_READ));
        int count = Errnos.call(() -> offset < 0 ? channel.read(buffer) : channel.read(buffer, offset));
        return count <= 0 ? 0 : into.scatter(memory, buffer.array(), 0, count);
    }

    @Override
    public int write(GuestMemory memory, IoVecs from) {
        return writeAt(memory, from, -1);
    }

    /** fd_pwrite when {@code offset >= 0}; otherwise a write at the current position (or the end, in append mode). */
    int writeAt(GuestMemory memory, IoVecs from, long offset) {
        requireRight(Rights.FD_WRITE);
        var buffer = ByteBuffer.wrap(from.gather(memory, MAX_WRITE));
        Errnos.run(() -> {
            if (offset >= 0) {
                for (long at = offset; buffer.hasRemaining(); ) {
                    at += channel.write(buffer, at);
                }
                return;
            }
            if ((fdFlags & FDFLAG_APPEND) != 0) {
                channel.position(channel.size());
            }
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
        return buffer.position();
    }

    /** A read or write without the right is EBADF, as for a file not opened for it. */
    private void requireRight(long right) {
        if ((rightsBase() & right) == 0) {
            String purpose = right == Rights.FD_READ ? "reading" : "writing";
            throw new WasiException(Errno.BADF, "file not opened for " + purpose);
        }
    }

    /** fd_seek: whence 0 = set, 1 = current, 2 = end; a position before the start is EINVAL. */
    long seek(long offset, int whence) {
        require(Rights.FD_SEEK);
        return Errnos.call(() -> {
            long base = switch (whence) {
                case 0 -> 0;
                case 1 -> channel.position();
                case 2 -> channel.size();
                default -> throw new WasiException(Errno.INVAL, "whence " + whence);
            };
            long target = base + offset;
            if (target < 0 || (offset > 0 && target < base)) {
                throw new WasiException(Errno.INVAL, "seek before the start or past the largest offset");
            }
            channel.position(target);
            return target;
        });
    }

    long tell() {
        require(Rights.FD_TELL);
        return Errnos.call(channel::position);
    }

    /** fd_filestat_set_size: truncates or extends with zeros; the position does not move. */
    void setSize(long size) {
        requireWritable();
        requireRight(Rights.FD_WRITE);
        if (size < 0) {
            throw new WasiException(Errno.INVAL, "negative size");
        }
        Errnos.run(() -> {
            if (size < channel.size()) {
                channel.truncate(size);
            } else {
                extendTo(size);
            }
        });
    }

    /** fd_allocate: makes sure the file is at least {@code offset + length} bytes long. */
    void allocate(long offset, long length) {
        requireWritable();
        requireRight(Rights.FD_WRITE);
        if (offset < 0 || length <= 0 || offset + length < 0) {
            throw new WasiException(Errno.INVAL, "allocate " + offset + "+" + length);
        }
        Errnos.run(() -> extendTo(offset + length));
    }

    private void extendTo(long size) throws IOException {
        if (size > channel.size()) {
            channel.write(ByteBuffer.allocate(1), size - 1);
        }
    }

    /** fd_sync (with metadata) and fd_datasync. */
    void sync(boolean metadata) {
        Errnos.run(() -> channel.force(metadata));
    }

    @Override
    public void close() {
        Errnos.run(channel::close);
    }
}
