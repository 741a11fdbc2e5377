package dev.sockeye.store.versions;

import dev.sockeye.store.errors.StoreException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Environment variables of a version, stored as {@code NAME=value} entries like a process environment. */
public final class Environment {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private Environment() {}

    /** Checks every name (letters, digits, '_', not starting with a digit) and returns a sorted copy. */
    public static Map<String, String> requireValid(Map<String, String> variables) {
        variables.forEach((name, value) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new StoreException.Invalid(
                        "environment variable name must match " + NAME + ", was '" + name + "'");
            }
            if (value == null || value.indexOf('\0') >= 0) {
                throw new StoreException.Invalid("environment variable " + name + " needs a value without NUL");
            }
        });
        return new TreeMap<>(variables);
    }

    static List<String> toEntries(Map<String, String> variables) {
        return variables.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .toList();
    }

    /** Parses stored {@code NAME=value} entries (values may contain '='; names never do). */
    public static Map<String, String> fromEntries(List<String> entries) {
        Map<String, String> variables = new TreeMap<>();
        for (String entry : entries) {
            int separator = entry.indexOf('=');
            variables.put(entry.substring(0, separator), entry.substring(separator + 1));
        }
        return variables;
    }
}
