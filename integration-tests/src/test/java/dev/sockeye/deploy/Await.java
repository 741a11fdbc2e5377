package dev.sockeye.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes; the deadline only bounds a hung test. */
final class Await {

    static final Duration START = Duration.ofSeconds(120);
    static final Duration CHANGE = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    private Await() {}

    /**
     * The first value {@code probe} returns, polling until {@code timeout}; a probe that throws counts as not yet
     * (a process still starting refuses connections) and its last failure is reported.
     */
    static <T> T until(String what, Duration timeout, Callable<Optional<T>> probe) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Object last = "nothing";
        while (true) {
            try {
                Optional<T> value = probe.call();
                if (value.isPresent()) {
                    return value.get();
                }
            } catch (AssertionError e) {
                throw e;
            } catch (Exception notYet) {
                last = notYet;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " did not happen within " + timeout + "; last failure: " + last);
            }
            Thread.sleep(POLL);
        }
    }

    /** Polls until {@code condition} is true. */
    static void untilTrue(String what, Duration timeout, Callable<Boolean> condition) throws InterruptedException {
        until(what, timeout, () -> condition.call() ? Optional.of(true) : Optional.<Boolean>empty());
    }
}
