package dev.sockeye.store.database;

import java.util.Locale;

/** Enums are stored as their lower-case names (the schema's check constraints list them). */
public final class EnumColumns {

    private EnumColumns() {}

    public static String toColumn(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    public static <E extends Enum<E>> E fromColumn(Class<E> type, String column) {
        return Enum.valueOf(type, column.toUpperCase(Locale.ROOT));
    }
}
