package dev.sockeye.store;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something asynchronous to become true; the timeout is a safety net, not a measurement. */
public final class Eventually {

    private static final Duration SAFETY_NET = Duration.ofSeconds(30);

    private Eventually() {}

    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + SAFETY_NET.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }
}
