package dev.sockeye.store.functions;

import dev.sockeye.store.errors.StoreException;
import java.util.regex.Pattern;

/** Function names are DNS labels: they become host names and metric labels. */
public final class FunctionNames {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private FunctionNames() {}

    /** Returns {@code name} if it is 1-63 lower-case letters, digits or inner hyphens. */
    public static String requireValid(String name) {
        if (name == null || !DNS_LABEL.matcher(name).matches()) {
            throw new StoreException.Invalid(
                    "function name must be a DNS label (1-63 of a-z, 0-9 and inner '-'), was '" + name + "'");
        }
        return name;
    }
}
