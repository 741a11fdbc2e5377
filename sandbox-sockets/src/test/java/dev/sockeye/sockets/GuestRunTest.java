package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GuestRunTest {

    @Test
    void stdinIsEchoedToStdoutByteForByte() {
        var run = TestGuests.probe(List.of("echo"), TestGuests.stdin("first line\nsecond ünïcode line\n"));

        assertThat(run.outcome().kind()).isEqualTo(GuestOutcome.Kind.EXITED);
        assertThat(run.stdout()).isEqualTo("first line\nsecond ünïcode line\n");
    }

    @Test
    void guestSeesItsArgumentsAndEnvironment() {
        var run = TestGuests.probe(List.of("args", "env:SOCKEYE_TEST", "env:ABSENT"),
                options -> options.env("SOCKEYE_TEST", "from the host"));

        assertThat(run.lines()).containsExactly(
                "args: ok [fs_probe] [args] [env:SOCKEYE_TEST] [env:ABSENT]",
                "env: ok SOCKEYE_TEST=from the host",
                "env: ok ABSENT=(unset)");
    }

    @Test
    void exitCodeOfProcExitIsTheOutcome() {
        var run = TestGuests.probe(List.of("exit:7"));

        assertThat(run.outcome()).isEqualTo(new GuestOutcome(GuestOutcome.Kind.EXITED, 7, ""));
    }

    @Test
    void trapEndsTheRunAsTrappedWithExitCode134() {
        var run = TestGuests.probe(List.of("args", "trap", "args"));

        assertThat(run.outcome().kind()).isEqualTo(GuestOutcome.Kind.TRAPPED);
        assertThat(run.outcome().exitCode()).isEqualTo(134);
        assertThat(run.outcome().message()).isNotBlank();
        assertThat(run.lines()).hasSize(1);
    }

    @Test
    void interruptingTheGuestThreadStopsAnEndlessLoop() throws Exception {
        var spinning = new CountDownLatch(1);
        var stdout = new OutputStream() {
            @Override
            public void write(int b) {
                spinning.countDown();
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                spinning.countDown();
            }
        };
        var outcome = new AtomicReference<GuestOutcome>();
        Thread guest = Thread.ofVirtual().start(() -> outcome.set(TestGuests.probe(List.of("spin"),
                options -> options.stdout(stdout)).outcome()));

        assertThat(spinning.await(30, TimeUnit.SECONDS)).isTrue();
        guest.interrupt();

        assertThat(guest.join(Duration.ofSeconds(10))).isTrue();
        assertThat(outcome.get().kind()).isEqualTo(GuestOutcome.Kind.INTERRUPTED);
    }
}
