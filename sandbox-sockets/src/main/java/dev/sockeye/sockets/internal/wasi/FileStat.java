package dev.sockeye.sockets.internal.wasi;

import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.FileType;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A preview1 {@code filestat} (64 bytes: dev, ino, filetype, nlink, size, atim, mtim, ctim), read from the host
 * and written into guest memory, or in snapshot 0's layout (56 bytes, nlink a u32); also the setting of times
 * ({@code fstflags}) for the *_set_times calls.
 */
record FileStat(
        long device, long inode, FileType type, long links, long size, long accessed, long modified, long changed) {
    static final int SIZE = 64;
    /** Snapshot 0's filestat: its {@code linkcount} is a u32, so nlink sits at 20 and the rest moves up by 8. */
    static final int SNAPSHOT0_SIZE = 56;

    private static final long MAX_SNAPSHOT0_LINKS = 0xFFFF_FFFFL;

    /** fstflags bits. */
    private static final int ATIM = 1;

    private static final int ATIM_NOW = 2;
    private static final int MTIM = 4;
    private static final int MTIM_NOW = 8;

    /** The stat a descriptor with no host file behind it (stdio, sockets) reports: only its type. */
    static FileStat synthetic(FileType type) {
        return new FileStat(0, 0, type, 1, 0, 0, 0, 0);
    }

    /** Reads the attributes of {@code path}; a final symbolic link is followed only if {@code follow}. */
    static FileStat of(Path path, boolean follow) {
        LinkOption[] options = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        return Errnos.call(() -> read(path, options));
    }

    private static FileStat read(Path path, LinkOption[] options) throws IOException {
        BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class, options);
        long device = 0;
        long inode = 0;
        long links = 1;
        long changed = nanos(basic.lastModifiedTime());
        if (path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            Map<String, Object> unix = Files.readAttributes(path, "unix:dev,ino,nlink,ctime", options);
            device = ((Number) unix.get("dev")).longValue();
            inode = ((Number) unix.get("ino")).longValue();
            links = ((Number) unix.get("nlink")).longValue();
            changed = nanos((FileTime) unix.get("ctime"));
        }
        return new FileStat(
                device,
                inode,
                typeOf(basic),
                links,
                basic.size(),
                nanos(basic.lastAccessTime()),
                nanos(basic.lastModifiedTime()),
                changed);
    }

    static FileType typeOf(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return FileType.SYMBOLIC_LINK;
        }
        if (attributes.isDirectory()) {
            return FileType.DIRECTORY;
        }
        return attributes.isRegularFile() ? FileType.REGULAR_FILE : FileType.UNKNOWN;
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }

    void writeTo(GuestMemory memory, int address) {
        memory.checkRange(address, SIZE);
        memory.writeI64(address, device);
        memory.writeI64(address + 8, inode);
        memory.writeI64(address + 16, 0);
        memory.writeU8(address + 16, type.code());
        memory.writeI64(address + 24, links);
        memory.writeI64(address + 32, size);
        memory.writeI64(address + 40, accessed);
        memory.writeI64(address + 48, modified);
        memory.writeI64(address + 56, changed);
    }

    /** Writes snapshot 0's layout; a link count that does not fit its u32 is EOVERFLOW (as wasmtime answers). */
    void writeSnapshot0To(GuestMemory memory, int address) {
        memory.checkRange(address, SNAPSHOT0_SIZE);
        if (links > MAX_SNAPSHOT0_LINKS) {
            throw new WasiException(Errno.OVERFLOW, "nlink " + links + " does not fit snapshot 0's u32");
        }
        memory.writeI64(address, device);
        memory.writeI64(address + 8, inode);
        memory.writeI64(address + 16, 0);
        memory.writeU8(address + 16, type.code());
        memory.writeI32(address + 20, (int) links);
        memory.writeI64(address + 24, size);
        memory.writeI64(address + 32, accessed);
        memory.writeI64(address + 40, modified);
        memory.writeI64(address + 48, changed);
    }

    /**
     * Sets access and modification times as fstflags ask: each either to the given nanoseconds, to now, or left
     * alone. Asking for both "given" and "now" of one time is EINVAL.
     */
    static void setTimes(Path path, boolean follow, long accessNanos, long modifiedNanos, int fstFlags) {
        checkTimeFlags(fstFlags);
        FileTime now = FileTime.from(Instant.now());
        FileTime accessed = time(fstFlags, ATIM, ATIM_NOW, accessNanos, now);
        FileTime modified = time(fstFlags, MTIM, MTIM_NOW, modifiedNanos, now);
        LinkOption[] options = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        Errnos.run(() -> Files.getFileAttributeView(path, BasicFileAttributeView.class, options)
                .setTimes(modified, accessed, null));
    }

    /** EINVAL for unknown fstflags bits, or for both "given" and "now" of one time. */
    static void checkTimeFlags(int fstFlags) {
        if ((fstFlags & ~(ATIM | ATIM_NOW | MTIM | MTIM_NOW)) != 0
                || (fstFlags & (ATIM | ATIM_NOW)) == (ATIM | ATIM_NOW)
                || (fstFlags & (MTIM | MTIM_NOW)) == (MTIM | MTIM_NOW)) {
            throw new WasiException(Errno.INVAL, "fstflags " + fstFlags);
        }
    }

    private static FileTime time(int flags, int given, int now, long nanos, FileTime current) {
        if ((flags & given) != 0) {
            return FileTime.from(nanos, TimeUnit.NANOSECONDS);
        }
        return (flags & now) != 0 ? current : null;
    }
}
