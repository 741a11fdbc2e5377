package dev.sockeye.sockets.internal.wasi;

import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.fd.WasiException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A guest path resolved inside the sandbox of a preopened directory. Resolution walks the path one component at a
 * time from the directory, following symbolic links itself, so that neither {@code ..}, an absolute path, nor a
 * link (absolute, or relative and climbing out) can name anything outside the preopen's root: such a path is EPERM,
 * as in wasmtime. Every intermediate component is left free of symbolic links on the host path.
 *
 * <p>Open directories and files remember where they are as components below the root and are resolved again from
 * the root on each use, so a directory replaced by a link after it was opened cannot lead outside either (unlike a
 * POSIX fd, which would keep pointing at the moved directory). Another host process could still swap a checked
 * directory for a link between resolution and use; guests of one instance run on one thread, so only the host (or a
 * guest sharing the directory) can race this way.
 *
 * @param root the preopen's root on the host (a real path)
 * @param components the resolved components below the root; none of them is {@code .} or {@code ..}
 * @param trailingSlash whether the guest wrote the path with a trailing slash (it then must name a directory)
 */
record GuestPath(Path root, List<String> components, boolean trailingSlash) {
    /** Longest path a guest may pass, like Linux's PATH_MAX. */
    static final int MAX_LENGTH = 4096;
    /** Links followed in one resolution before ELOOP, like Linux's limit. */
    private static final int MAX_SYMLINKS = 40;

    /** The path on the host. */
    Path host() {
        return under(root, components);
    }

    /** The last component, or empty for the root itself. */
    String name() {
        return components.isEmpty() ? "" : components.getLast();
    }

    /** Reads a path argument: at most {@link #MAX_LENGTH} bytes of strict UTF-8 without NUL. */
    static String read(GuestMemory memory, int address, int length) {
        if (Integer.toUnsignedLong(length) > MAX_LENGTH) {
            throw new WasiException(Errno.NAMETOOLONG, "path of " + Integer.toUnsignedLong(length) + " bytes");
        }
        byte[] bytes = memory.readBytes(address, length);
        String path;
        try {
            path = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WasiException(Errno.ILSEQ, "path is not UTF-8");
        }
        if (path.indexOf('\0') >= 0) {
            throw new WasiException(Errno.INVAL, "path contains NUL");
        }
        return path;
    }

    /**
     * Resolves {@code guestPath} relative to {@code directory}.
     *
     * @param followFinal whether a symbolic link in the last component is followed (intermediate ones always are)
     */
    static GuestPath resolve(OpenDirectory directory, String guestPath, boolean followFinal) {
        if (guestPath.isEmpty()) {
            throw new WasiException(Errno.NOENT, "empty path");
        }
        if (guestPath.startsWith("/")) {
            throw new WasiException(Errno.PERM, "absolute path " + guestPath + " leaves the preopened directory");
        }
        // The walk starts at the root, not at the directory: if the directory has since been replaced by a link,
        // that link is followed (and checked) like any other.
        var pending = new ArrayList<>(directory.components());
        pending.addAll(split(guestPath));
        return walk(directory.root(), pending, followFinal, guestPath.endsWith("/"), guestPath);
    }

    /**
     * Re-resolves a location found earlier (that of an open file or directory): the host entries on the way may
     * have been replaced by links since, and those must not lead outside either.
     */
    static GuestPath recheck(Path root, List<String> components, boolean followFinal) {
        return walk(root, components, followFinal, false, String.join("/", components));
    }

    private static GuestPath walk(
            Path root, List<String> components, boolean followFinal, boolean trailingSlash, String guestPath) {
        var resolved = new ArrayList<String>();
        Deque<String> pending = new ArrayDeque<>(components);
        int linksFollowed = 0;
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            if (name.equals("..")) {
                if (resolved.isEmpty()) {
                    throw new WasiException(Errno.PERM, guestPath + " leaves the preopened directory");
                }
                resolved.removeLast();
                continue;
            }
            boolean last = pending.isEmpty();
            Path candidate = under(root, resolved).resolve(name);
            if ((!last || followFinal || trailingSlash) && Files.isSymbolicLink(candidate)) {
                if (++linksFollowed > MAX_SYMLINKS) {
                    throw new WasiException(Errno.LOOP, "too many symbolic links in " + guestPath);
                }
                String target =
                        Errnos.call(() -> Files.readSymbolicLink(candidate)).toString();
                if (target.startsWith("/")) {
                    throw new WasiException(Errno.PERM, "link " + name + " points outside the preopened directory");
                }
                List<String> targetComponents = split(target);
                for (int i = targetComponents.size() - 1; i >= 0; i--) {
                    pending.addFirst(targetComponents.get(i));
                }
                continue;
            }
            resolved.add(name);
        }
        return new GuestPath(root, List.copyOf(resolved), trailingSlash);
    }

    /** The components of a path, without empty ones and {@code .}. */
    private static List<String> split(String path) {
        var components = new ArrayList<String>();
        for (String component : path.split("/")) {
            if (!component.isEmpty() && !component.equals(".")) {
                components.add(component);
            }
        }
        return components;
    }

    private static Path under(Path root, List<String> components) {
        Path path = root;
        for (String component : components) {
            path = path.resolve(component);
        }
        return path;
    }
}
