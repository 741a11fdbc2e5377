package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.testing.FsProbe;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every guest gets from the host: stdio, arguments, environment, exit codes and trap outcomes. */
class GuestRunTest {

    @Test
    void stdinIsEchoedToStdoutByteForByte() {
        var run = FsProbe.probe(List.of("echo"), FsProbe.stdin("first line\nsecond ünïcode line\n"));

        assertThat(run.outcome().kind()).isEqualTo(GuestOutcome.Kind.EXITED);
        assertThat(run.stdout()).isEqualTo("first line\nsecond ünïcode line\n");
    }

    @Test
    void guestSeesItsArgumentsAndEnvironment() {
        var run = FsProbe.probe(
                List.of("args", "env:SOCKEYE_TEST", "env:ABSENT"),
                options -> options.env("SOCKEYE_TEST", "from the host"));

        assertThat(run.lines())
                .containsExactly(
                        "args: ok [fs_probe] [args] [env:SOCKEYE_TEST] [env:ABSENT]",
                        "env: ok SOCKEYE_TEST=from the host",
                        "env: ok ABSENT=(unset)");
    }

    @Test
    void anEnvironmentHandedOverAsAMapReachesTheGuestAndLaterEnvCallsAddToIt() {
        var run = FsProbe.probe(
                List.of("env:SOCKEYE_TEST", "env:ADDED"),
                options -> options.environment(java.util.Map.of("SOCKEYE_TEST", "from a map"))
                        .env("ADDED", "after"));

        assertThat(run.lines()).containsExactly("env: ok SOCKEYE_TEST=from a map", "env: ok ADDED=after");
    }

    @Test
    void anEnvironmentMapWithAnEqualsSignInAKeyIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> GuestOptions.builder().environment(java.util.Map.of("A=B", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment key must be non-empty without '=': A=B");
    }

    @Test
    void exitCodeOfProcExitIsTheOutcome() {
        var run = FsProbe.probe(List.of("exit:7"));

        assertThat(run.outcome()).isEqualTo(new GuestOutcome(GuestOutcome.Kind.EXITED, 7, ""));
    }

    @Test
    void trapEndsTheRunAsTrappedWithExitCode134() {
        var run = FsProbe.probe(List.of("args", "trap", "args"));

        assertThat(run.outcome().kind()).isEqualTo(GuestOutcome.Kind.TRAPPED);
        assertThat(run.outcome().exitCode()).isEqualTo(134);
        assertThat(run.outcome().message()).isNotBlank();
        assertThat(run.lines()).hasSize(1);
    }
}
