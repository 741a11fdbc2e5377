package dev.sockeye.sockets.internal.fd;

/** WASI preview1 {@code filetype}, as fd_fdstat_get and fd_filestat_get report it. */
public enum FileType {
    UNKNOWN,
    BLOCK_DEVICE,
    CHARACTER_DEVICE,
    DIRECTORY,
    REGULAR_FILE,
    SOCKET_DGRAM,
    SOCKET_STREAM,
    SYMBOLIC_LINK;

    public int code() {
        return ordinal();
    }
}
