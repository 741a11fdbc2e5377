package dev.sockeye.sockets.internal.wasi;

import dev.sockeye.sockets.internal.fd.Descriptor;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.Rights;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.nio.file.Path;

/**
 * What open files and directories share: a host path, rights the guest may narrow (never widen) with
 * fd_fdstat_set_rights, and the stat and times calls that work on the descriptor itself.
 */
abstract sealed class FilesystemDescriptor implements Descriptor permits OpenFile, OpenDirectory {
    /** Every right a regular file can have. */
    static final long FILE_RIGHTS = Rights.FD_DATASYNC
            | Rights.FD_READ
            | Rights.FD_SEEK
            | Rights.FD_FDSTAT_SET_FLAGS
            | Rights.FD_SYNC
            | Rights.FD_TELL
            | Rights.FD_WRITE
            | Rights.FD_ADVISE
            | Rights.FD_ALLOCATE
            | Rights.FD_FILESTAT_GET
            | Rights.FD_FILESTAT_SET_SIZE
            | Rights.FD_FILESTAT_SET_TIMES
            | Rights.POLL_FD_READWRITE;
    /** The file rights that change the file's content or metadata. */
    static final long FILE_WRITE_RIGHTS = Rights.FD_DATASYNC
            | Rights.FD_WRITE
            | Rights.FD_ALLOCATE
            | Rights.FD_FILESTAT_SET_SIZE
            | Rights.FD_FILESTAT_SET_TIMES;
    /** Every right a directory can have. */
    static final long DIRECTORY_RIGHTS = Rights.FD_FDSTAT_SET_FLAGS
            | Rights.FD_SYNC
            | Rights.FD_ADVISE
            | Rights.PATH_CREATE_DIRECTORY
            | Rights.PATH_CREATE_FILE
            | Rights.PATH_LINK_SOURCE
            | Rights.PATH_LINK_TARGET
            | Rights.PATH_OPEN
            | Rights.FD_READDIR
            | Rights.PATH_READLINK
            | Rights.PATH_RENAME_SOURCE
            | Rights.PATH_RENAME_TARGET
            | Rights.PATH_FILESTAT_GET
            | Rights.PATH_FILESTAT_SET_SIZE
            | Rights.PATH_FILESTAT_SET_TIMES
            | Rights.FD_FILESTAT_GET
            | Rights.FD_FILESTAT_SET_TIMES
            | Rights.PATH_SYMLINK
            | Rights.PATH_REMOVE_DIRECTORY
            | Rights.PATH_UNLINK_FILE
            | Rights.POLL_FD_READWRITE;
    /** The directory rights that change what the directory holds. */
    static final long DIRECTORY_WRITE_RIGHTS = Rights.PATH_CREATE_DIRECTORY
            | Rights.PATH_CREATE_FILE
            | Rights.PATH_LINK_TARGET
            | Rights.PATH_RENAME_SOURCE
            | Rights.PATH_RENAME_TARGET
            | Rights.PATH_FILESTAT_SET_SIZE
            | Rights.PATH_FILESTAT_SET_TIMES
            | Rights.FD_FILESTAT_SET_TIMES
            | Rights.PATH_SYMLINK
            | Rights.PATH_REMOVE_DIRECTORY
            | Rights.PATH_UNLINK_FILE;

    private long rightsBase;
    private long rightsInheriting;

    FilesystemDescriptor(long rightsBase, long rightsInheriting) {
        this.rightsBase = rightsBase;
        this.rightsInheriting = rightsInheriting;
    }

    /**
     * Where the descriptor's file or directory is on the host now, resolved again inside the preopen (with a final
     * link, if one has appeared, left unfollowed).
     */
    abstract Path hostPath();

    @Override
    public long rightsBase() {
        return rightsBase;
    }

    @Override
    public long rightsInheriting() {
        return rightsInheriting;
    }

    /** fd_fdstat_set_rights: rights can only be dropped; asking for one not held is ENOTCAPABLE. */
    void restrictRights(long base, long inheriting) {
        if ((base & ~rightsBase) != 0 || (inheriting & ~rightsInheriting) != 0) {
            throw new WasiException(Errno.NOTCAPABLE, "rights can only be narrowed");
        }
        rightsBase = base;
        rightsInheriting = inheriting;
    }

    /** Fails with ENOTCAPABLE unless the descriptor still holds {@code right}. */
    void require(long right) {
        if ((rightsBase & right) == 0) {
            throw new WasiException(Errno.NOTCAPABLE, "right " + Long.numberOfTrailingZeros(right) + " was dropped");
        }
    }

    /** The stat of the descriptor's own file or directory. */
    FileStat stat() {
        require(Rights.FD_FILESTAT_GET);
        return FileStat.of(hostPath(), false);
    }

    /** Whether writes through this descriptor are refused because its preopen is read-only. */
    abstract boolean readOnly();

    void setTimes(long accessNanos, long modifiedNanos, int fstFlags) {
        FileStat.checkTimeFlags(fstFlags); // a contradiction in the request is INVAL before any rights question
        requireWritable();
        require(Rights.FD_FILESTAT_SET_TIMES);
        FileStat.setTimes(hostPath(), false, accessNanos, modifiedNanos, fstFlags);
    }

    /** EROFS if the descriptor belongs to a read-only preopen. */
    void requireWritable() {
        if (readOnly()) {
            throw new WasiException(Errno.ROFS, "the preopened directory is read-only");
        }
    }
}
