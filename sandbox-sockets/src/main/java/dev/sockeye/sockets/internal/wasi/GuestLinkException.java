package dev.sockeye.sockets.internal.wasi;

import dev.sockeye.sockets.modules.UnsatisfiedImport;
import java.util.List;

/** A module imports something Sockeye cannot provide; lists every such import. */
public final class GuestLinkException extends RuntimeException {
    private final List<UnsatisfiedImport> unsatisfied;

    public GuestLinkException(List<UnsatisfiedImport> unsatisfied) {
        super("unsatisfied imports: " + unsatisfied);
        this.unsatisfied = List.copyOf(unsatisfied);
    }

    public List<UnsatisfiedImport> unsatisfied() {
        return unsatisfied;
    }
}
