package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.testing.GuestRun;
import dev.sockeye.sockets.testing.Guests;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The P6 benchmark's CPU-bound guests (guests/cpu, bench/p6) compute on Sockeye exactly what they compute on Node's
 * WASI: the expected checksums were printed once by {@code node bench/p6/node-wasi.mjs guests/bin/p6_NAME.wasm N}.
 * Small work counts keep the test short; the benchmark runs the defaults. No timing is asserted.
 */
class CpuBoundGuestTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "fnv1a, 2, b9f4b84af9ccc5a4",
        "sha256, 2, eec76ee75d8ee654",
        "json, 5, eb6f55e1416581e1",
        "interp, 1, 00000000000008d6",
        "sort, 1, 6c17ad98fa197324",
    })
    void compiledGuestPrintsTheChecksumNodePrints(String name, String count, String checksum) {
        try (var sandbox = Sandbox.builder().build()) {
            var guest = sandbox.compile(Guests.bytes("p6_" + name));
            assertThat(guest.interpretedFunctions()).isZero();

            var run = GuestRun.start(sandbox, guest, EgressGuard.denyAll(EgressListener.none()), count);

            assertThat(run.await()).isEqualTo(GuestOutcome.exited(0));
            assertThat(run.stdout()).matches(name + " checksum=" + checksum + " compute_ms=[0-9.]+\n");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"fnv1a", "sort"})
    void aBadWorkCountEndsWithUsageAndExitCode2(String name) {
        try (var sandbox = Sandbox.builder().build()) {
            var run = GuestRun.start(
                    sandbox,
                    sandbox.compile(Guests.bytes("p6_" + name)),
                    EgressGuard.denyAll(EgressListener.none()),
                    "x");

            assertThat(run.await()).isEqualTo(GuestOutcome.exited(2));
            assertThat(run.stderr()).isEqualTo("usage: guest [positive count]\n");
            assertThat(run.stdout()).isEmpty();
        }
    }
}
