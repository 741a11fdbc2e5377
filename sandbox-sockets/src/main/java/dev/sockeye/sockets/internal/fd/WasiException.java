package dev.sockeye.sockets.internal.fd;

/**
 * Thrown inside a host call to return an errno to the guest. Cheap: no stack trace, since it is an expected outcome
 * (EAGAIN on every non-blocking read that finds nothing) rather than a host fault.
 */
public final class WasiException extends RuntimeException {
    private final Errno errno;

    public WasiException(Errno errno) {
        this(errno, errno.name());
    }

    public WasiException(Errno errno, String message) {
        super(message, null, false, false);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
