package dev.sockeye.sockets.internal.wasi;

import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.FileType;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.IoVecs;
import dev.sockeye.sockets.internal.fd.Rights;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A directory the guest holds an fd for: a preopen or one it opened below a preopen. Knows the preopen's root so
 * that paths resolved from it ({@link GuestPath}) stay inside, and whether that preopen is read-only.
 */
sealed class OpenDirectory extends FilesystemDescriptor permits PreopenedDirectory {
    /** Size of a dirent before its name: d_next u64, d_ino u64, d_namlen u32, d_type u8, padding. */
    private static final int DIRENT_SIZE = 24;

    private final Path root;
    private final List<String> components;
    private final boolean readOnly;
    /** The entry names of the last listing; cookies index into it, so it is kept while the guest pages through. */
    private List<String> listing;

    OpenDirectory(Path root, List<String> components, boolean readOnly) {
        // Inheriting rights stay full even when read-only: wasi-libc narrows what it asks path_open for to them, so
        // withholding FD_WRITE there would turn open(O_WRONLY) into a read-only fd instead of EROFS.
        super(readOnly ? DIRECTORY_RIGHTS & ~DIRECTORY_WRITE_RIGHTS : DIRECTORY_RIGHTS, DIRECTORY_RIGHTS | FILE_RIGHTS);
        this.root = root;
        this.components = List.copyOf(components);
        this.readOnly = readOnly;
    }

    /** The preopen's root on the host. */
    Path root() {
        return root;
    }

    /** Where this directory is below the root. */
    List<String> components() {
        return components;
    }

    @Override
    boolean readOnly() {
        return readOnly;
    }

    /** Re-resolved on every use, so that a directory replaced by a link since it was opened cannot lead outside. */
    @Override
    Path hostPath() {
        return GuestPath.recheck(root, components, true).host();
    }

    @Override
    public FileType fileType() {
        return FileType.DIRECTORY;
    }

    @Override
    public void setFdFlags(int flags) {
        // Directories keep no flags; like wasmtime, accept the call so that generic fcntl code works.
    }

    @Override
    public int read(GuestMemory memory, IoVecs into) {
        throw new WasiException(Errno.ISDIR, "read of a directory");
    }

    @Override
    public int write(GuestMemory memory, IoVecs from) {
        throw new WasiException(Errno.ISDIR, "write to a directory");
    }

    /** Resolves a guest path relative to this directory, inside its preopen. */
    GuestPath resolve(String guestPath, boolean followFinal) {
        return GuestPath.resolve(this, guestPath, followFinal);
    }

    /** A descriptor for a directory found below this one. */
    OpenDirectory child(GuestPath path) {
        return new OpenDirectory(root, path.components(), readOnly);
    }

    /**
     * fd_readdir: writes entries from {@code cookie} on ({@code .} and {@code ..} first, then names in sorted order)
     * into the buffer, the last one cut off when the buffer is full, and returns the bytes used. A cookie of 0 lists
     * the directory afresh.
     */
    int readdir(GuestMemory memory, int buffer, int bufferLength, long cookie) {
        require(Rights.FD_READDIR);
        if (cookie < 0) {
            throw new WasiException(Errno.INVAL, "cookie " + Long.toUnsignedString(cookie));
        }
        memory.checkRange(buffer, Integer.toUnsignedLong(bufferLength));
        Path directory = hostPath();
        if (cookie == 0 || listing == null) {
            listing = Errnos.call(() -> {
                try (var entries = Files.list(directory)) {
                    return entries.map(entry -> entry.getFileName().toString())
                            .sorted()
                            .toList();
                }
            });
        }
        long capacity = Integer.toUnsignedLong(bufferLength);
        long used = 0;
        for (long index = cookie; index < listing.size() + 2L && used < capacity; index++) {
            String name = index == 0 ? "." : index == 1 ? ".." : listing.get((int) (index - 2));
            FileStat stat;
            try {
                stat = FileStat.of(entryPath(directory, name), false);
            } catch (WasiException vanished) {
                continue; // removed since the listing was taken: not an entry any more
            }
            byte[] entry = dirent(index + 1, stat, name);
            int put = (int) Math.min(entry.length, capacity - used);
            memory.write(buffer + (int) used, entry, 0, put);
            used += put;
        }
        return (int) used;
    }

    /** The path to stat for an entry; {@code ..} of the root is the root itself, so nothing outside is touched. */
    private Path entryPath(Path directory, String name) {
        return switch (name) {
            case "." -> directory;
            case ".." -> components.isEmpty() ? directory : directory.getParent();
            default -> directory.resolve(name);
        };
    }

    private static byte[] dirent(long next, FileStat stat, String name) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        var entry = ByteBuffer.allocate(DIRENT_SIZE + nameBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        entry.putLong(0, next);
        entry.putLong(8, stat.inode());
        entry.putInt(16, nameBytes.length);
        entry.put(20, (byte) stat.type().code());
        entry.put(DIRENT_SIZE, nameBytes);
        return entry.array();
    }

    @Override
    public void close() {
        listing = null;
    }
}
