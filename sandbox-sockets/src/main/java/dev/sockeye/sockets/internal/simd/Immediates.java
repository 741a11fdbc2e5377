package dev.sockeye.sockets.internal.simd;

/** An instruction's immediates as Chicory's parser decoded them, by position. */
@FunctionalInterface
interface Immediates {
    long get(int index);
}
