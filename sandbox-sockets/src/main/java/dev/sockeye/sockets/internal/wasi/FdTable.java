package dev.sockeye.sockets.internal.wasi;

import dev.sockeye.sockets.internal.fd.Descriptor;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one fd table of a guest instance: stdio, preopened directories, files and sockets share its numbers.
 * Used only from the instance's own thread.
 */
public final class FdTable {
    private final int maxDescriptors;
    private final List<Descriptor> entries = new ArrayList<>();

    public FdTable(int maxDescriptors) {
        this.maxDescriptors = maxDescriptors;
    }

    /** Puts the descriptor at the lowest free number; EMFILE when the table is full. */
    public int add(Descriptor descriptor) {
        for (int fd = 0; fd < entries.size(); fd++) {
            if (entries.get(fd) == null) {
                entries.set(fd, descriptor);
                return fd;
            }
        }
        if (entries.size() >= maxDescriptors) {
            throw new WasiException(Errno.MFILE, "fd table full (" + maxDescriptors + ")");
        }
        entries.add(descriptor);
        return entries.size() - 1;
    }

    /** The descriptor at {@code fd}; EBADF if there is none. */
    public Descriptor get(int fd) {
        if (fd < 0 || fd >= entries.size() || entries.get(fd) == null) {
            throw new WasiException(Errno.BADF, "no descriptor " + fd);
        }
        return entries.get(fd);
    }

    /** The descriptor at {@code fd} if it is of {@code kind}; EBADF if absent, {@code wrongKind} otherwise. */
    public <T extends Descriptor> T get(int fd, Class<T> kind, Errno wrongKind) {
        Descriptor descriptor = get(fd);
        if (!kind.isInstance(descriptor)) {
            throw new WasiException(wrongKind, "descriptor " + fd + " is a " + descriptor.fileType());
        }
        return kind.cast(descriptor);
    }

    /** Removes and closes the descriptor at {@code fd}. */
    public void close(int fd) {
        Descriptor descriptor = get(fd);
        entries.set(fd, null);
        descriptor.close();
    }

    /** fd_renumber: moves {@code from} onto {@code to}, closing what {@code to} held. */
    public void renumber(int from, int to) {
        Descriptor moving = get(from);
        Descriptor replaced = get(to);
        if (from == to) {
            return;
        }
        entries.set(to, moving);
        entries.set(from, null);
        replaced.close();
    }

    /** Closes every descriptor; the instance is finished. Closing continues past a failing descriptor. */
    public void closeAll() {
        RuntimeException first = null;
        for (int fd = 0; fd < entries.size(); fd++) {
            Descriptor descriptor = entries.get(fd);
            entries.set(fd, null);
            if (descriptor != null) {
                try {
                    descriptor.close();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
        }
        entries.clear();
        if (first != null) {
            throw first;
        }
    }

    /** Number of open descriptors of the given kind. */
    public int count(Class<? extends Descriptor> kind) {
        int count = 0;
        for (Descriptor descriptor : entries) {
            if (kind.isInstance(descriptor)) {
                count++;
            }
        }
        return count;
    }
}
