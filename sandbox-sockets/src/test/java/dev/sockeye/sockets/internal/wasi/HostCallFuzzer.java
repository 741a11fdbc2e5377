package dev.sockeye.sockets.internal.wasi;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.ValType;
import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.egress.EgressPolicy;
import dev.sockeye.sockets.egress.RuleGuard;
import dev.sockeye.sockets.internal.fd.Errno;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Runs one fuzz input against a fresh instance of {@link HostCallModule}: fills the first bytes of guest memory,
 * then makes a few host calls with arguments the input picks. The host's contract, checked after every input: each
 * call returns a WASI errno (or nothing, for calls without a result) or ends the guest cleanly (a trap, an exit),
 * no host call fails inside the host (HostCall logs {@code host_call_failed} and gives EIO when one does), nothing
 * hangs once interrupted, and closing the instance leaves no socket open and no byte buffered.
 *
 * <p>Egress is limited to loopback: a guest connecting or sending anywhere else is denied by the guard, so fuzzing
 * never sends a packet off the machine.
 */
final class HostCallFuzzer implements AutoCloseable {
    /** Where the input's choices come from: Jazzer's data provider, or a seeded random for the replay test. */
    interface Choices {
        int pick(int min, int max);

        long anyLong();

        byte[] bytes(int max);
    }

    private static final Logger HOST_CALL_LOG = Logger.getLogger(HostCall.class.getName());
    private static final int MEMORY_PREFIX = 512;
    private static final int MAX_CALLS = 8;
    /** A call still blocked after this (accept, a long poll, a read) is interrupted, as a request deadline would. */
    private static final Duration CALL_BUDGET = Duration.ofMillis(200);

    private final Sandbox sandbox = Sandbox.builder().build();
    private final CompiledGuest guest = sandbox.compile(HostCallModule.bytes());
    private final List<String> hostFailures = new CopyOnWriteArrayList<>();
    private final Handler failureWatch = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                hostFailures.add(record.getMessage() + (record.getThrown() == null ? "" : ": " + record.getThrown()));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    HostCallFuzzer() {
        HOST_CALL_LOG.addHandler(failureWatch);
        HOST_CALL_LOG.setUseParentHandlers(false);
    }

    void run(Choices choices) throws InterruptedException {
        var options = GuestOptions.builder()
                .stdin(new ByteArrayInputStream(choices.bytes(64)))
                .stdout(OutputStream.nullOutputStream())
                .stderr(OutputStream.nullOutputStream())
                .guard(new RuleGuard(
                        () -> EgressPolicy.parse(
                                List.of("tcp://127.0.0.1:*", "udp://127.0.0.1:*", "listen://127.0.0.1:*")),
                        EgressListener.none()))
                .build();
        var instance = sandbox.instantiate(guest, options);
        var failure = new Throwable[1];
        Thread runner = Thread.ofVirtual().start(() -> {
            try {
                byte[] memory = choices.bytes(MEMORY_PREFIX);
                for (int i = 0; i < memory.length; i++) {
                    instance.call("store8", i, memory[i]);
                }
                int calls = choices.pick(1, MAX_CALLS);
                for (int c = 0; c < calls; c++) {
                    int index = choices.pick(0, HostCallModule.CALLS.size() - 1);
                    HostCall call = HostCallModule.CALLS.get(index);
                    long[] result = instance.call("f" + index, arguments(call, choices));
                    checkResult(call, result);
                }
            } catch (GuestExit | ChicoryInterruptedException e) {
                // the guest exited, or ran out of its time budget: both clean ends
            } catch (ChicoryException e) {
                // a trap: a clean end for the guest
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        if (!runner.join(CALL_BUDGET.multipliedBy(MAX_CALLS))) {
            runner.interrupt();
            if (!runner.join(Duration.ofSeconds(5))) {
                throw new AssertionError("a host call did not stop within 5 s of an interrupt");
            }
        }
        instance.close();
        if (failure[0] != null) {
            throw new AssertionError("host call threw into the host: " + failure[0], failure[0]);
        }
        if (!hostFailures.isEmpty()) {
            throw new AssertionError("host call failed inside the host: " + hostFailures);
        }
        awaitReleased();
    }

    private static long[] arguments(HostCall call, Choices choices) {
        var params = call.type().params();
        long[] args = new long[params.size()];
        for (int p = 0; p < args.length; p++) {
            long value = switch (choices.pick(0, 3)) {
                case 0 -> choices.pick(0, 8); // fds, flags, small counts
                case 1 -> choices.pick(0, MEMORY_PREFIX); // pointers into the filled bytes, lengths
                case 2 -> choices.pick(65_000, 65_600); // around the end of memory
                default -> choices.anyLong();
            };
            args[p] = params.get(p).equals(ValType.I32) ? (int) value : value;
        }
        return args;
    }

    private static void checkResult(HostCall call, long[] result) {
        if (call.type().returns().isEmpty()) {
            return;
        }
        int errno = (int) result[0];
        boolean known = errno >= 0 && (errno <= Errno.NOTCAPABLE.code() || (errno >= 77 && errno <= 87));
        if (!known) {
            throw new AssertionError(call.name() + " returned " + errno + ", not a WASI errno");
        }
    }

    /** Sockets close on the event loop after the instance closes: give them a moment, then require none left. */
    private void awaitReleased() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sandbox.networkStats().openSockets() != 0
                || sandbox.networkStats().bufferedBytes() != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "after close: " + sandbox.networkStats().openSockets() + " sockets open, "
                                + sandbox.networkStats().bufferedBytes() + " bytes buffered");
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        HOST_CALL_LOG.removeHandler(failureWatch);
        HOST_CALL_LOG.setUseParentHandlers(true);
        sandbox.close();
    }
}
