package dev.sockeye.store.changes;

import dev.sockeye.store.errors.StoreException;

/**
 * One committed write that affects invokers.
 *
 * @param sequence     position in the feed, in commit order (a writer that rolled back leaves its number unused)
 * @param revision     the policy revision or version number the write produced; 0 for kinds that have none
 */
public record Change(long sequence, ChangeKind kind, String functionName, long revision) {

    /** The NOTIFY payload: {@code "<sequence> <kind> <function> <revision>"} (function names have no spaces). */
    static Change parsePayload(String payload) {
        String[] fields = payload.split(" ");
        if (fields.length != 4) {
            throw new StoreException.Invalid("change notification payload must have 4 fields, was: " + payload);
        }
        try {
            return new Change(
                    Long.parseLong(fields[0]), ChangeKind.valueOf(fields[1]), fields[2], Long.parseLong(fields[3]));
        } catch (IllegalArgumentException e) {
            throw new StoreException.Invalid("change notification payload is malformed: " + payload);
        }
    }
}
