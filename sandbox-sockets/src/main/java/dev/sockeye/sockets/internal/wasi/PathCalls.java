package dev.sockeye.sockets.internal.wasi;

import static com.dylibso.chicory.wasm.types.ValType.I32;
import static com.dylibso.chicory.wasm.types.ValType.I64;

import dev.sockeye.sockets.internal.fd.Descriptor;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.Rights;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The preview1 {@code path_*} calls. Every path is resolved by {@link GuestPath} inside the preopen of the directory
 * fd it is relative to; every change below a read-only preopen is EROFS.
 */
final class PathCalls {
    private static final int LOOKUP_SYMLINK_FOLLOW = 1;

    private PathCalls() {}

    static final List<HostCall> CALLS = List.of(
            WitxCall.of("path_create_directory", PathCalls::createDirectory, I32, I32, I32),
            WitxCall.of("path_filestat_get", PathCalls::filestatGet, I32, I32, I32, I32, I32),
            WitxCall.of("path_filestat_set_times", PathCalls::filestatSetTimes, I32, I32, I32, I32, I64, I64, I32),
            WitxCall.of("path_link", PathCalls::link, I32, I32, I32, I32, I32, I32, I32),
            WitxCall.of("path_open", PathCalls::open, I32, I32, I32, I32, I32, I64, I64, I32, I32),
            WitxCall.of("path_readlink", PathCalls::readlink, I32, I32, I32, I32, I32, I32),
            WitxCall.of("path_remove_directory", PathCalls::removeDirectory, I32, I32, I32),
            WitxCall.of("path_rename", PathCalls::rename, I32, I32, I32, I32, I32, I32),
            WitxCall.of("path_symlink", PathCalls::symlink, I32, I32, I32, I32, I32),
            WitxCall.of("path_unlink_file", PathCalls::unlinkFile, I32, I32, I32));

    private static OpenDirectory directory(GuestContext context, long fd) {
        return context.fds().get((int) fd, OpenDirectory.class, Errno.NOTDIR);
    }

    private static String path(GuestContext context, long address, long length) {
        return GuestPath.read(context.memory(), (int) address, (int) length);
    }

    private static boolean follow(long lookupFlags) {
        return (lookupFlags & LOOKUP_SYMLINK_FOLLOW) != 0;
    }

    /** Attributes of the entry itself (a final link not followed); ENOENT if there is none. */
    private static BasicFileAttributes existing(GuestPath path) {
        BasicFileAttributes attributes = PathOpen.attributesOrNull(path.host());
        if (attributes == null) {
            throw new WasiException(Errno.NOENT, path.name() + " does not exist");
        }
        return attributes;
    }

    /** A path the guest wrote with a trailing slash must name a directory. */
    private static void requireDirectoryIfSlash(GuestPath path) {
        if (path.trailingSlash() && !Files.isDirectory(path.host(), LinkOption.NOFOLLOW_LINKS)) {
            throw new WasiException(
                    Files.exists(path.host(), LinkOption.NOFOLLOW_LINKS) ? Errno.NOTDIR : Errno.NOENT,
                    path.name() + "/ is not a directory");
        }
    }

    /**
     * Changing an entry needs a name below the directory: the preopen itself cannot be removed, renamed or replaced
     * (EBUSY), nor can the fd's own directory or one above it ({@code .}, {@code ..}: EINVAL, as rmdir(".") is).
     */
    private static void requireEntry(OpenDirectory directory, GuestPath path) {
        if (path.components().isEmpty()) {
            throw new WasiException(Errno.BUSY, "the preopened directory itself cannot be changed");
        }
        List<String> own = directory.components();
        List<String> named = path.components();
        if (own.size() >= named.size() && own.subList(0, named.size()).equals(named)) {
            throw new WasiException(Errno.INVAL, "a directory cannot change itself or what contains it");
        }
    }

    /** A directory fd the guest may change through: EROFS below a read-only preopen, ENOTCAPABLE without the right. */
    private static OpenDirectory writableDirectory(GuestContext context, long fd, long right) {
        OpenDirectory directory = directory(context, fd);
        directory.requireWritable();
        directory.require(right);
        return directory;
    }

    private static int createDirectory(GuestContext context, long[] a) {
        OpenDirectory directory = writableDirectory(context, a[0], Rights.PATH_CREATE_DIRECTORY);
        GuestPath path = directory.resolve(path(context, a[1], a[2]), false);
        requireEntry(directory, path);
        Errnos.run(() -> Files.createDirectory(path.host()));
        return 0;
    }

    private static int filestatGet(GuestContext context, long[] a) {
        stat(context, a, FileStat.SIZE).writeTo(context.memory(), (int) a[4]);
        return 0;
    }

    /** The stat path_filestat_get reports, once its out-pointer {@code a[4]} is known to hold {@code bytes}. */
    static FileStat stat(GuestContext context, long[] a, int bytes) {
        OpenDirectory directory = directory(context, a[0]);
        directory.require(Rights.PATH_FILESTAT_GET);
        GuestPath path = directory.resolve(path(context, a[2], a[3]), follow(a[1]));
        context.memory().checkRange((int) a[4], bytes);
        requireDirectoryIfSlash(path);
        // Links on the way were resolved by GuestPath; only an unfollowed final link remains, and it is reported.
        return FileStat.of(path.host(), false);
    }

    private static int filestatSetTimes(GuestContext context, long[] a) {
        OpenDirectory directory = writableDirectory(context, a[0], Rights.PATH_FILESTAT_SET_TIMES);
        GuestPath path = directory.resolve(path(context, a[2], a[3]), follow(a[1]));
        requireDirectoryIfSlash(path);
        Path host = path.host();
        FileStat.setTimes(host, !Files.isSymbolicLink(host), a[4], a[5], (int) a[6]);
        return 0;
    }

    private static int link(GuestContext context, long[] a) {
        // The source must be writable too: a hard link from a read-only preopen into a writable one would make the
        // read-only file writable through the new name.
        OpenDirectory source = writableDirectory(context, a[0], Rights.PATH_LINK_SOURCE);
        OpenDirectory target = writableDirectory(context, a[4], Rights.PATH_LINK_TARGET);
        GuestPath existing = source.resolve(path(context, a[2], a[3]), follow(a[1]));
        GuestPath created = target.resolve(path(context, a[5], a[6]), false);
        requireEntry(target, created);
        if (Files.isDirectory(existing.host(), LinkOption.NOFOLLOW_LINKS)) {
            throw new WasiException(Errno.PERM, "hard links to directories are not allowed");
        }
        requireDirectoryIfSlash(existing);
        if (created.trailingSlash()) {
            // "name/" must be a directory, and a hard link is never one: Linux's linkat answers EEXIST or ENOENT.
            throw new WasiException(
                    Files.exists(created.host(), LinkOption.NOFOLLOW_LINKS) ? Errno.EXIST : Errno.NOENT,
                    created.name() + "/ cannot be a new hard link");
        }
        Errnos.run(() -> Files.createLink(created.host(), existing.host()));
        return 0;
    }

    private static int open(GuestContext context, long[] a) {
        OpenDirectory directory = directory(context, a[0]);
        directory.require(Rights.PATH_OPEN);
        String guestPath = path(context, a[2], a[3]);
        int openFlags = (int) a[4];
        long rights = a[5];
        int fdFlags = (int) a[7];
        int fdOut = (int) a[8];
        context.memory().checkRange(fdOut, 4);
        GuestPath path = directory.resolve(guestPath, follow(a[1]));
        Descriptor opened = PathOpen.open(directory, path, openFlags, rights, fdFlags);
        int fd;
        try {
            fd = context.fds().add(opened);
        } catch (WasiException tableFull) {
            opened.close();
            throw tableFull;
        }
        context.memory().writeI32(fdOut, fd);
        return 0;
    }

    private static int readlink(GuestContext context, long[] a) {
        OpenDirectory directory = directory(context, a[0]);
        directory.require(Rights.PATH_READLINK);
        GuestPath path = directory.resolve(path(context, a[1], a[2]), false);
        GuestMemory memory = context.memory();
        memory.checkRange((int) a[3], Integer.toUnsignedLong((int) a[4]));
        memory.checkRange((int) a[5], 4);
        byte[] target = Errnos.call(() -> Files.readSymbolicLink(path.host()))
                .toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // Like readlink(2): a target longer than the buffer is cut off, and the count says how much was written.
        int used = (int) Math.min(target.length, Integer.toUnsignedLong((int) a[4]));
        memory.write((int) a[3], target, 0, used);
        memory.writeI32((int) a[5], used);
        return 0;
    }

    private static int removeDirectory(GuestContext context, long[] a) {
        OpenDirectory directory = writableDirectory(context, a[0], Rights.PATH_REMOVE_DIRECTORY);
        GuestPath path = directory.resolve(path(context, a[1], a[2]), false);
        requireEntry(directory, path);
        BasicFileAttributes attributes = existing(path);
        if (!attributes.isDirectory()) {
            throw new WasiException(Errno.NOTDIR, path.name() + " is not a directory");
        }
        Errnos.run(() -> Files.delete(path.host()));
        return 0;
    }

    private static int rename(GuestContext context, long[] a) {
        OpenDirectory source = writableDirectory(context, a[0], Rights.PATH_RENAME_SOURCE);
        OpenDirectory target = writableDirectory(context, a[3], Rights.PATH_RENAME_TARGET);
        GuestPath from = source.resolve(path(context, a[1], a[2]), false);
        GuestPath to = target.resolve(path(context, a[4], a[5]), false);
        requireEntry(source, from);
        requireEntry(target, to);
        requireDirectoryIfSlash(from);
        if (to.trailingSlash() && !Files.isDirectory(from.host(), LinkOption.NOFOLLOW_LINKS)) {
            throw new WasiException(Errno.NOTDIR, to.name() + "/ names a directory, " + from.name() + " is not one");
        }
        // ATOMIC_MOVE is rename(2): it replaces an existing target and reports EISDIR, ENOTDIR, ENOTEMPTY as POSIX
        // does.
        Errnos.run(() -> Files.move(from.host(), to.host(), StandardCopyOption.ATOMIC_MOVE));
        return 0;
    }

    private static int symlink(GuestContext context, long[] a) {
        String linkTarget = path(context, a[0], a[1]);
        OpenDirectory directory = writableDirectory(context, a[2], Rights.PATH_SYMLINK);
        GuestPath link = directory.resolve(path(context, a[3], a[4]), false);
        requireEntry(directory, link);
        if (linkTarget.startsWith("/")) {
            // Such a link could never be followed inside the sandbox; refusing it also protects host tools.
            throw new WasiException(Errno.PERM, "absolute link target " + linkTarget);
        }
        if (link.trailingSlash()) {
            throw new WasiException(Errno.NOENT, link.name() + "/ cannot be created as a link");
        }
        Errnos.run(() -> Files.createSymbolicLink(
                link.host(), link.host().getFileSystem().getPath(linkTarget)));
        return 0;
    }

    private static int unlinkFile(GuestContext context, long[] a) {
        OpenDirectory directory = writableDirectory(context, a[0], Rights.PATH_UNLINK_FILE);
        GuestPath path = directory.resolve(path(context, a[1], a[2]), false);
        requireEntry(directory, path);
        BasicFileAttributes attributes = existing(path);
        if (attributes.isDirectory()) {
            throw new WasiException(Errno.ISDIR, path.name() + " is a directory");
        }
        if (path.trailingSlash()) {
            throw new WasiException(Errno.NOTDIR, path.name() + "/ is not a directory");
        }
        Errnos.run(() -> Files.delete(path.host()));
        return 0;
    }
}
