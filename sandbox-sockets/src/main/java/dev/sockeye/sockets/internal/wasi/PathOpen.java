package dev.sockeye.sockets.internal.wasi;

import dev.sockeye.sockets.internal.fd.Descriptor;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.FileType;
import dev.sockeye.sockets.internal.fd.Rights;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;

/**
 * path_open's decisions: what a resolved path, oflags, rights and fdflags give the guest (a directory fd, a file fd,
 * or an errno as POSIX open(2) would give it). Whether the file is readable and writable follows the FD_READ and
 * FD_WRITE rights asked for, as wasi-libc derives them from O_RDONLY/O_WRONLY/O_RDWR.
 */
final class PathOpen {
    private static final int CREAT = 1;
    private static final int DIRECTORY = 2;
    private static final int EXCL = 4;
    private static final int TRUNC = 8;
    private static final int ALL_OFLAGS = 0xf;
    private static final int ALL_FDFLAGS = 0x1f;

    private PathOpen() {}

    /** Opens {@code path} (already resolved inside {@code directory}'s preopen). */
    static Descriptor open(OpenDirectory directory, GuestPath path, int openFlags, long rights, int fdFlags) {
        if ((openFlags & ~ALL_OFLAGS) != 0 || (fdFlags & ~ALL_FDFLAGS) != 0) {
            throw new WasiException(Errno.INVAL, "oflags " + openFlags + ", fdflags " + fdFlags);
        }
        boolean create = (openFlags & CREAT) != 0;
        boolean exclusive = (openFlags & EXCL) != 0;
        boolean truncate = (openFlags & TRUNC) != 0;
        if (truncate) {
            // O_TRUNC changes the size through the directory: witx gives that to PATH_FILESTAT_SET_SIZE. Below a
            // read-only preopen every change stays EROFS, so that is asked first.
            directory.requireWritable();
            directory.require(Rights.PATH_FILESTAT_SET_SIZE);
        }
        boolean mustBeDirectory = (openFlags & DIRECTORY) != 0 || path.trailingSlash();
        boolean write = (rights & Rights.FD_WRITE) != 0;
        boolean read = (rights & Rights.FD_READ) != 0 || !write;
        Path host = path.host();
        BasicFileAttributes existing = attributesOrNull(host);
        if (existing != null) {
            if (create && exclusive) {
                throw new WasiException(Errno.EXIST, path.name() + " exists");
            }
            if (existing.isSymbolicLink()) {
                // Only an unfollowed final link is left here: O_NOFOLLOW semantics.
                throw new WasiException(mustBeDirectory ? Errno.NOTDIR : Errno.LOOP, path.name() + " is a link");
            }
            if (existing.isDirectory()) {
                if (write || truncate) {
                    throw new WasiException(Errno.ISDIR, path.name() + " is a directory");
                }
                return directory.child(path);
            }
            if (mustBeDirectory) {
                throw new WasiException(Errno.NOTDIR, path.name() + " is not a directory");
            }
            if (write || truncate) {
                directory.requireWritable();
            }
        } else {
            if (!create) {
                throw new WasiException(Errno.NOENT, path.name() + " does not exist");
            }
            if (mustBeDirectory) {
                throw new WasiException(Errno.ISDIR, "O_CREAT cannot make the directory " + path.name());
            }
            directory.requireWritable();
            directory.require(Rights.PATH_CREATE_FILE);
            createFile(host);
        }
        var options = new HashSet<OpenOption>();
        options.add(LinkOption.NOFOLLOW_LINKS); // a link swapped in since resolution is not followed
        if (read) {
            options.add(StandardOpenOption.READ);
        }
        if (write || truncate) {
            options.add(StandardOpenOption.WRITE);
        }
        if (truncate) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        if ((fdFlags & (Descriptor.FDFLAG_SYNC | Descriptor.FDFLAG_RSYNC)) != 0) {
            options.add(StandardOpenOption.SYNC);
        }
        if ((fdFlags & Descriptor.FDFLAG_DSYNC) != 0) {
            options.add(StandardOpenOption.DSYNC);
        }
        FileChannel channel = Errnos.call(() -> FileChannel.open(host, options));
        FileType type = existing == null ? FileType.REGULAR_FILE : FileStat.typeOf(existing);
        return new OpenFile(path, channel, type, read, write, directory.readOnly(), fdFlags);
    }

    /** Creates an empty file unless one appeared since the check (O_CREAT without O_EXCL accepts that). */
    private static void createFile(Path host) {
        Errnos.call(() -> {
            try {
                return Files.createFile(host);
            } catch (FileAlreadyExistsException raced) {
                return host;
            }
        });
    }

    /** Attributes of the path itself (a final link not followed), or null if nothing is there. */
    static BasicFileAttributes attributesOrNull(Path path) {
        return Errnos.call(() -> {
            try {
                return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                var errno = Errnos.fromIo(e);
                if (errno.errno() != Errno.NOENT) {
                    throw errno; // ENOTDIR: a component on the way is a file
                }
                return null;
            }
        });
    }
}
