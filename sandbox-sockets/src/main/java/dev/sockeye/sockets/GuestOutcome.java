package dev.sockeye.sockets;

/**
 * How a guest run ended.
 *
 * @param kind exited (by proc_exit or by returning from _start), trapped, or interrupted by the host
 * @param exitCode the guest's exit code when it exited; otherwise a conventional non-zero code
 * @param message for a trap, what trapped; otherwise empty
 */
public record GuestOutcome(Kind kind, int exitCode, String message) {

    /** The ways a run ends. */
    public enum Kind {
        EXITED,
        TRAPPED,
        INTERRUPTED
    }

    /** Exit code reported for a trap, like a process killed by SIGABRT. */
    public static final int TRAP_EXIT_CODE = 134;
    /** Exit code reported for an interrupted run, like a process killed by SIGINT. */
    public static final int INTERRUPT_EXIT_CODE = 130;

    static GuestOutcome exited(int exitCode) {
        return new GuestOutcome(Kind.EXITED, exitCode, "");
    }

    static GuestOutcome trapped(String message) {
        return new GuestOutcome(Kind.TRAPPED, TRAP_EXIT_CODE, message);
    }

    static GuestOutcome interrupted() {
        return new GuestOutcome(Kind.INTERRUPTED, INTERRUPT_EXIT_CODE, "interrupted");
    }
}
