package dev.sockeye.sockets.internal.wasi;

import static com.dylibso.chicory.wasm.types.ValType.I32;
import static com.dylibso.chicory.wasm.types.ValType.I64;

import dev.sockeye.sockets.internal.fd.Descriptor;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.IoVecs;
import dev.sockeye.sockets.internal.fd.Rights;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.util.List;

/**
 * The preview1 {@code fd_*} calls (except those of sockets). fd_read, fd_write, fd_close, fd_fdstat_get and
 * fd_fdstat_set_flags work on any {@link Descriptor}; the others need a file or directory. Argument order follows
 * the witx: {@code a[0]} is always the fd.
 */
final class FdCalls {
    private static final int FDSTAT_SIZE = 24;
    private static final int ALL_FDFLAGS = 0x1f;
    /** Highest {@code advice} value (noreuse). */
    private static final int MAX_ADVICE = 5;

    private FdCalls() {}

    static final List<HostCall> CALLS = List.of(
            WitxCall.of("fd_advise", FdCalls::advise, I32, I64, I64, I32),
            WitxCall.of(
                    "fd_allocate",
                    (c, a) -> {
                        file(c, (int) a[0], Errno.INVAL).allocate(a[1], a[2]);
                        return 0;
                    },
                    I32,
                    I64,
                    I64),
            WitxCall.of(
                    "fd_close",
                    (c, a) -> {
                        c.fds().close((int) a[0]);
                        return 0;
                    },
                    I32),
            WitxCall.of("fd_datasync", (c, a) -> sync(c, (int) a[0], false), I32),
            WitxCall.of("fd_fdstat_get", (c, a) -> fdstatGet(c, a, ~0L), I32, I32),
            WitxCall.of("fd_fdstat_set_flags", FdCalls::fdstatSetFlags, I32, I32),
            WitxCall.of("fd_fdstat_set_rights", FdCalls::fdstatSetRights, I32, I64, I64),
            WitxCall.of("fd_filestat_get", FdCalls::filestatGet, I32, I32),
            WitxCall.of(
                    "fd_filestat_set_size",
                    (c, a) -> {
                        file(c, (int) a[0], Errno.INVAL).setSize(a[1]);
                        return 0;
                    },
                    I32,
                    I64),
            WitxCall.of("fd_filestat_set_times", FdCalls::filestatSetTimes, I32, I64, I64, I32),
            WitxCall.of("fd_pread", (c, a) -> positional(c, a, OpenFile::readAt), I32, I32, I32, I64, I32),
            WitxCall.of("fd_prestat_get", FdCalls::prestatGet, I32, I32),
            WitxCall.of("fd_prestat_dir_name", FdCalls::prestatDirName, I32, I32, I32),
            WitxCall.of("fd_pwrite", (c, a) -> positional(c, a, OpenFile::writeAt), I32, I32, I32, I64, I32),
            WitxCall.of("fd_read", (c, a) -> transfer(c, a, Descriptor::read), I32, I32, I32, I32),
            WitxCall.of("fd_readdir", FdCalls::readdir, I32, I32, I32, I64, I32),
            WitxCall.of(
                    "fd_renumber",
                    (c, a) -> {
                        c.fds().renumber((int) a[0], (int) a[1]);
                        return 0;
                    },
                    I32,
                    I32),
            WitxCall.of("fd_seek", FdCalls::seek, I32, I64, I32, I32),
            WitxCall.of("fd_sync", (c, a) -> sync(c, (int) a[0], true), I32),
            WitxCall.of("fd_tell", FdCalls::tell, I32, I32),
            WitxCall.of("fd_write", (c, a) -> transfer(c, a, Descriptor::write), I32, I32, I32, I32));

    /**
     * The open file at {@code fd}: EBADF if none, EISDIR for a directory, {@code otherwise} for stdio and sockets
     * (ESPIPE where POSIX has it for pipes, EINVAL where it has that).
     */
    private static OpenFile file(GuestContext context, int fd, Errno otherwise) {
        return switch (context.fds().get(fd)) {
            case OpenFile file -> file;
            case OpenDirectory _ -> throw new WasiException(Errno.ISDIR, "fd " + fd + " is a directory");
            case Descriptor other -> throw new WasiException(otherwise, "fd " + fd + " is a " + other.fileType());
        };
    }

    private static int advise(GuestContext context, long[] a) {
        OpenFile file = file(context, (int) a[0], Errno.SPIPE);
        if (a[1] < 0 || a[2] < 0 || a[3] < 0 || a[3] > MAX_ADVICE) {
            throw new WasiException(Errno.INVAL, "advice " + a[3] + " for " + a[1] + "+" + a[2]);
        }
        file.require(Rights.FD_ADVISE);
        return 0; // advice is only a hint, and the JDK has no way to pass it on
    }

    private static int sync(GuestContext context, int fd, boolean metadata) {
        switch (context.fds().get(fd)) {
            case OpenFile file -> file.sync(metadata);
            case OpenDirectory _ -> {
                // Directory entries are written through by the host's own calls; nothing is buffered here.
            }
            case Descriptor other -> throw new WasiException(Errno.INVAL, "cannot sync a " + other.fileType());
        }
        return 0;
    }

    /** fd_fdstat_get, reporting only the rights in {@code rightsMask} (snapshot 0 knows fewer rights). */
    static int fdstatGet(GuestContext context, long[] a, long rightsMask) {
        Descriptor descriptor = context.fds().get((int) a[0]);
        GuestMemory memory = context.memory();
        int out = (int) a[1];
        memory.checkRange(out, FDSTAT_SIZE);
        memory.fill(out, FDSTAT_SIZE, (byte) 0);
        memory.writeU8(out, descriptor.fileType().code());
        memory.writeU16(out + 2, descriptor.fdFlags());
        memory.writeI64(out + 8, descriptor.rightsBase() & rightsMask);
        memory.writeI64(out + 16, descriptor.rightsInheriting() & rightsMask);
        return 0;
    }

    private static int fdstatSetFlags(GuestContext context, long[] a) {
        Descriptor descriptor = context.fds().get((int) a[0]);
        int flags = (int) a[1];
        if ((flags & ~ALL_FDFLAGS) != 0) {
            throw new WasiException(Errno.INVAL, "fdflags " + flags);
        }
        if (flags != descriptor.fdFlags()) {
            // Only a change reaches the descriptor, so fcntl(F_SETFL) with the current flags works on every kind.
            descriptor.setFdFlags(flags);
        }
        return 0;
    }

    private static int fdstatSetRights(GuestContext context, long[] a) {
        if (!(context.fds().get((int) a[0]) instanceof FilesystemDescriptor descriptor)) {
            throw new WasiException(Errno.NOTSUP, "rights of fd " + a[0] + " are fixed");
        }
        descriptor.restrictRights(a[1], a[2]);
        return 0;
    }

    private static int filestatGet(GuestContext context, long[] a) {
        stat(context, a, FileStat.SIZE).writeTo(context.memory(), (int) a[1]);
        return 0;
    }

    /** The stat fd_filestat_get reports for {@code a[0]}, once {@code a[1]} is known to hold {@code bytes}. */
    static FileStat stat(GuestContext context, long[] a, int bytes) {
        Descriptor descriptor = context.fds().get((int) a[0]);
        context.memory().checkRange((int) a[1], bytes);
        return descriptor instanceof FilesystemDescriptor onDisk
                ? onDisk.stat()
                : FileStat.synthetic(descriptor.fileType());
    }

    private static int filestatSetTimes(GuestContext context, long[] a) {
        if (!(context.fds().get((int) a[0]) instanceof FilesystemDescriptor descriptor)) {
            throw new WasiException(Errno.INVAL, "fd " + a[0] + " has no times to set");
        }
        descriptor.setTimes(a[1], a[2], (int) a[3]);
        return 0;
    }

    /** fd_pread or fd_pwrite at an offset: the fd must be a file. */
    private static int positional(GuestContext context, long[] a, PositionalTransfer transfer) {
        OpenFile file = file(context, (int) a[0], Errno.SPIPE);
        GuestMemory memory = context.memory();
        IoVecs buffers = IoVecs.read(memory, (int) a[1], (int) a[2]);
        memory.checkRange((int) a[4], 4);
        memory.writeI32((int) a[4], transfer.move(file, memory, buffers, offset(a[3])));
        return 0;
    }

    @FunctionalInterface
    private interface PositionalTransfer {
        int move(OpenFile file, GuestMemory memory, IoVecs buffers, long offset);
    }

    /** A filesize offset: u64 in the ABI, so one above {@code Long.MAX_VALUE} arrives negative and is EINVAL. */
    private static long offset(long value) {
        if (value < 0) {
            throw new WasiException(Errno.INVAL, "offset " + Long.toUnsignedString(value));
        }
        return value;
    }

    private static int prestatGet(GuestContext context, long[] a) {
        var preopen = context.fds().get((int) a[0], PreopenedDirectory.class, Errno.BADF);
        GuestMemory memory = context.memory();
        memory.checkRange((int) a[1], 8);
        memory.writeI32((int) a[1], 0); // tag 0: a directory (and padding)
        memory.writeI32((int) a[1] + 4, preopen.guestPathBytes().length);
        return 0;
    }

    private static int prestatDirName(GuestContext context, long[] a) {
        byte[] name = context.fds()
                .get((int) a[0], PreopenedDirectory.class, Errno.BADF)
                .guestPathBytes();
        if (Integer.toUnsignedLong((int) a[2]) < name.length) {
            throw new WasiException(Errno.NAMETOOLONG, "buffer of " + a[2] + " for " + name.length + " bytes");
        }
        context.memory().write((int) a[1], name);
        return 0;
    }

    /** fd_read or fd_write: works on any descriptor (stdio, file, socket). */
    private static int transfer(GuestContext context, long[] a, Transfer transfer) {
        Descriptor descriptor = context.fds().get((int) a[0]);
        GuestMemory memory = context.memory();
        IoVecs buffers = IoVecs.read(memory, (int) a[1], (int) a[2]);
        // Checked before moving data, so that bytes are never consumed and then lost to a bad out-pointer.
        memory.checkRange((int) a[3], 4);
        memory.writeI32((int) a[3], transfer.move(descriptor, memory, buffers));
        return 0;
    }

    @FunctionalInterface
    private interface Transfer {
        int move(Descriptor descriptor, GuestMemory memory, IoVecs buffers);
    }

    private static int readdir(GuestContext context, long[] a) {
        var directory = context.fds().get((int) a[0], OpenDirectory.class, Errno.NOTDIR);
        GuestMemory memory = context.memory();
        memory.checkRange((int) a[4], 4);
        memory.writeI32((int) a[4], directory.readdir(memory, (int) a[1], (int) a[2], a[3]));
        return 0;
    }

    private static int seek(GuestContext context, long[] a) {
        return seek(context, a, (int) a[2]);
    }

    /** fd_seek with {@code whence} in preview1's numbering (set 0, cur 1, end 2), whatever {@code a[2]} says. */
    static int seek(GuestContext context, long[] a, int whence) {
        OpenFile file = file(context, (int) a[0], Errno.SPIPE);
        context.memory().checkRange((int) a[3], 8);
        context.memory().writeI64((int) a[3], file.seek(a[1], whence));
        return 0;
    }

    private static int tell(GuestContext context, long[] a) {
        OpenFile file = file(context, (int) a[0], Errno.SPIPE);
        context.memory().writeI64((int) a[1], file.tell());
        return 0;
    }
}
