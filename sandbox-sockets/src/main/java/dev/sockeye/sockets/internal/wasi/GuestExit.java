package dev.sockeye.sockets.internal.wasi;

/** Unwinds the guest's stack when it calls proc_exit; carries its exit code to whoever started the run. */
public final class GuestExit extends RuntimeException {
    private final int exitCode;

    public GuestExit(int exitCode) {
        super("guest exited with " + exitCode, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
