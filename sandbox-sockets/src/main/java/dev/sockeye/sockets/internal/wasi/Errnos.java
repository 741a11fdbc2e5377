package dev.sockeye.sockets.internal.wasi;

import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one place where Java's file-system exceptions become preview1 errnos. Host file operations run through
 * {@link #call} or {@link #run}, so a failing operation reaches the guest as an errno and never as a host exception.
 */
final class Errnos {
    /**
     * The JDK reports many POSIX errors as a plain {@link FileSystemException} whose reason is strerror's text
     * (glibc's wording), so those are recognised by that text.
     */
    private static final Map<String, Errno> BY_REASON = Map.ofEntries(
            Map.entry("Not a directory", Errno.NOTDIR),
            Map.entry("Is a directory", Errno.ISDIR),
            Map.entry("Too many levels of symbolic links", Errno.LOOP),
            Map.entry("File name too long", Errno.NAMETOOLONG),
            Map.entry("No space left on device", Errno.NOSPC),
            Map.entry("Read-only file system", Errno.ROFS),
            Map.entry("Invalid cross-device link", Errno.XDEV),
            Map.entry("Operation not permitted", Errno.PERM),
            Map.entry("Permission denied", Errno.ACCES),
            Map.entry("Directory not empty", Errno.NOTEMPTY),
            Map.entry("File exists", Errno.EXIST),
            Map.entry("No such file or directory", Errno.NOENT),
            Map.entry("Too many open files", Errno.MFILE),
            Map.entry("Invalid argument", Errno.INVAL),
            Map.entry("Disk quota exceeded", Errno.DQUOT),
            Map.entry("File too large", Errno.FBIG),
            Map.entry("Device or resource busy", Errno.BUSY),
            Map.entry("Too many links", Errno.MLINK),
            Map.entry("Text file busy", Errno.TXTBSY));

    private Errnos() {}

    /** A host file operation that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface IoCall<T> {
        T call() throws IOException;
    }

    /** A host file operation without a result. */
    @FunctionalInterface
    interface IoRun {
        void run() throws IOException;
    }

    /** Runs a host file operation; any failure becomes a {@link WasiException} with the matching errno. */
    static <T> T call(IoCall<T> operation) {
        try {
            return operation.call();
        } catch (IOException e) {
            throw fromIo(e);
        } catch (RuntimeException e) {
            throw fromRuntime(e);
        }
    }

    static void run(IoRun operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }

    /** The errno for an I/O failure; EIO when nothing more specific is known. */
    static WasiException fromIo(IOException e) {
        return new WasiException(errnoOf(e), String.valueOf(e.getMessage()));
    }

    private static Errno errnoOf(IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> underAFile(missing.getFile()) ? Errno.NOTDIR : Errno.NOENT;
            case FileAlreadyExistsException _ -> Errno.EXIST;
            case DirectoryNotEmptyException _ -> Errno.NOTEMPTY;
            case AccessDeniedException _ -> Errno.ACCES;
            case NotDirectoryException _ -> Errno.NOTDIR;
            case NotLinkException _ -> Errno.INVAL;
            case AtomicMoveNotSupportedException _ -> Errno.XDEV;
            case FileSystemLoopException _ -> Errno.LOOP;
            case ClosedChannelException _ -> Errno.BADF;
            case FileSystemException fs when fs.getReason() != null -> byReason(fs.getReason());
            default -> Errno.IO;
        };
    }

    /** The JDK sometimes adds to strerror's text ("... or unable to access attributes of symbolic link"). */
    private static Errno byReason(String reason) {
        for (var known : BY_REASON.entrySet()) {
            if (reason.startsWith(known.getKey())) {
                return known.getValue();
            }
        }
        return Errno.IO;
    }

    /**
     * Whether a missing path's parent is not a directory: the JDK reports stat's ENOTDIR ("a/file/x") as
     * NoSuchFileException, while POSIX guests expect ENOTDIR.
     */
    private static boolean underAFile(String missing) {
        if (missing == null) {
            return false;
        }
        Path parent = Path.of(missing).getParent();
        return parent != null && Files.exists(parent) && !Files.isDirectory(parent);
    }

    /** The errno for the unchecked exceptions NIO throws on a wrong use rather than a failing disk. */
    static RuntimeException fromRuntime(RuntimeException e) {
        return switch (e) {
            case WasiException already -> already;
            // Directory streams report I/O failures while iterating wrapped in these two.
            case UncheckedIOException wrapped -> fromIo(wrapped.getCause());
            case DirectoryIteratorException wrapped -> fromIo(wrapped.getCause());
            case NonReadableChannelException _ -> new WasiException(Errno.BADF, "not open for reading");
            case NonWritableChannelException _ -> new WasiException(Errno.BADF, "not open for writing");
            case InvalidPathException invalid -> new WasiException(Errno.INVAL, invalid.getMessage());
            case UnsupportedOperationException _ -> new WasiException(Errno.NOTSUP, String.valueOf(e.getMessage()));
            case SecurityException _ -> new WasiException(Errno.ACCES, String.valueOf(e.getMessage()));
            default -> e;
        };
    }
}
