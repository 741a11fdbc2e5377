package dev.sockeye.sockets.testing;

import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.GuestOutcome;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.egress.EgressMode;
import dev.sockeye.sockets.egress.EgressOperatorConfig;
import dev.sockeye.sockets.egress.EgressPolicy;
import dev.sockeye.sockets.egress.RuleGuard;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs a guest on a virtual thread, capturing stdout and stderr. */
public final class GuestRun {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final CompletableFuture<GuestOutcome> outcome = new CompletableFuture<>();
    private Thread thread;

    private GuestRun() {}

    /** Starts the guest with these arguments and guard; returns at once. */
    public static GuestRun start(Sandbox sandbox, CompiledGuest guest, EgressGuard guard, String... args) {
        var run = new GuestRun();
        var options = GuestOptions.builder()
                .args("guest", List.of(args))
                .stdout(run.stdout)
                .stderr(run.stderr)
                .guard(guard)
                .build();
        return run.startWith(sandbox, guest, options);
    }

    /**
     * Runs the guest to its end under egress {@code rules} (enforced; names may resolve to loopback, as the tests'
     * hosts files say), reporting each decision to {@code listener}.
     */
    public static GuestRun underRules(
            Sandbox sandbox, CompiledGuest guest, EgressListener listener, List<String> rules, String... args) {
        var policy = EgressPolicy.parse(
                rules, EgressMode.ENFORCE, EgressOperatorConfig.defaults().withSpecialRangesForNames(true));
        var run = start(sandbox, guest, RuleGuard.of(policy, listener), args);
        run.await();
        return run;
    }

    /** Starts the guest with these options, its stdout and stderr captured. */
    public static GuestRun start(Sandbox sandbox, CompiledGuest guest, GuestOptions.Builder options) {
        var run = new GuestRun();
        return run.startWith(
                sandbox, guest, options.stdout(run.stdout).stderr(run.stderr).build());
    }

    private GuestRun startWith(Sandbox sandbox, CompiledGuest guest, GuestOptions options) {
        thread = Thread.ofVirtual().start(() -> {
            try {
                outcome.complete(sandbox.run(guest, options));
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });
        return this;
    }

    /** Waits (bounded) for the guest to end. */
    public GuestOutcome await() {
        try {
            return outcome.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("guest did not finish: stdout=" + stdout() + " stderr=" + stderr(), e);
        }
    }

    public void interrupt() {
        thread.interrupt();
    }

    public String stdout() {
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits (bounded) until stdout contains {@code text}. */
    public void awaitStdout(String text) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!stdout().contains(text)) {
            if (outcome.isDone() || System.nanoTime() > deadline) {
                throw new AssertionError("never printed '" + text + "': stdout=" + stdout() + " stderr=" + stderr());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
