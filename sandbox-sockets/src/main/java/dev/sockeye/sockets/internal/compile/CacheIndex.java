package dev.sockeye.sockets.internal.compile;

/**
 * A compile cache that can tell whether it holds an entry without reading it: a large module's entry is tens of
 * megabytes, and a start that only asks whether the module was compiled before should not read it twice.
 */
public interface CacheIndex {
    /** Whether an entry is stored under {@code key}. */
    boolean contains(String key);
}
