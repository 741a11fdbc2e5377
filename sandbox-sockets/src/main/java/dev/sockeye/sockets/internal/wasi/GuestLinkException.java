package dev.sockeye.sockets.internal.wasi;

import java.util.List;

/** A module imports something Sockeye cannot provide; lists every such import. */
public final class GuestLinkException extends RuntimeException {
    private final List<Preview1Linker.UnsatisfiedImport> unsatisfied;

    public GuestLinkException(List<Preview1Linker.UnsatisfiedImport> unsatisfied) {
        super("unsatisfied imports: " + unsatisfied);
        this.unsatisfied = List.copyOf(unsatisfied);
    }

    public List<Preview1Linker.UnsatisfiedImport> unsatisfied() {
        return unsatisfied;
    }
}
