package dev.sockeye.sockets.internal.fd;

/**
 * One entry of a guest's fd table: stdio stream, preopened directory, open file or socket. The calls every kind
 * answers live here; kind-specific calls (seek, readdir, accept...) check the descriptor's class.
 */
public interface Descriptor {
    /** Bits of {@link #readiness()}, as poll_oneoff reports them. */
    int READABLE = 1;

    int WRITABLE = 2;
    int HANGUP = 4;

    /** fdflags bits (preview1). */
    int FDFLAG_APPEND = 1;

    int FDFLAG_DSYNC = 2;
    int FDFLAG_NONBLOCK = 4;
    int FDFLAG_RSYNC = 8;
    int FDFLAG_SYNC = 16;

    FileType fileType();

    /** The fdflags this descriptor currently has. */
    default int fdFlags() {
        return 0;
    }

    /** Changes fdflags (fd_fdstat_set_flags); kinds that keep no flags refuse with NOTSUP. */
    default void setFdFlags(int flags) {
        throw new WasiException(Errno.NOTSUP, "flags cannot be changed on " + fileType());
    }

    /** The rights fd_fdstat_get reports. */
    long rightsBase();

    long rightsInheriting();

    /** Reads into the guest's buffers; returns the count, 0 at end of stream. Blocks unless non-blocking. */
    default int read(GuestMemory memory, IoVecs into) {
        throw new WasiException(Errno.BADF, fileType() + " is not readable");
    }

    /** Writes from the guest's buffers; returns the count. Blocks unless non-blocking. */
    default int write(GuestMemory memory, IoVecs from) {
        throw new WasiException(Errno.BADF, fileType() + " is not writable");
    }

    /** Current readiness as {@link #READABLE} | {@link #WRITABLE} | {@link #HANGUP} bits, without blocking. */
    default int readiness() {
        return READABLE | WRITABLE;
    }

    /** Bytes that a read would return now, for poll_oneoff's event (0 when unknown). */
    default long readableBytes() {
        return 0;
    }

    /** Releases what the descriptor holds. Called once, by the fd table. */
    void close();
}
