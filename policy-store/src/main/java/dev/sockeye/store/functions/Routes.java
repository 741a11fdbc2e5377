package dev.sockeye.store.functions;

import dev.sockeye.store.errors.StoreException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** HTTP paths that trigger a function; each path belongs to one function only. */
public final class Routes {

    private static final Pattern PATH = Pattern.compile("/\\S{0,255}");

    private Routes() {}

    /** Returns the paths without duplicates, in order, after checking each starts with '/' and has no spaces. */
    public static List<String> requireValid(List<String> paths) {
        for (String path : paths) {
            if (path == null || !PATH.matcher(path).matches()) {
                throw new StoreException.Invalid("route must start with '/', have no whitespace and at most 256 "
                        + "characters, was '" + path + "'");
            }
        }
        return List.copyOf(new LinkedHashSet<>(paths));
    }
}
