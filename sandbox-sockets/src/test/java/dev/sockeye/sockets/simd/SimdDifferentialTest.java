package dev.sockeye.sockets.simd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.testing.GuestRun;
import dev.sockeye.sockets.testing.Guests;
import org.junit.jupiter.api.Test;

/**
 * guests/c/simd_diff.c, a C guest built with wasm_simd128.h: on thousands of pseudo-random inputs (biased to edge
 * values) it computes each operation with SIMD intrinsics and with scalar C from the spec's definitions, and a
 * byte histogram both ways; every result must agree.
 */
class SimdDifferentialTest {
    @Test
    void simdAndScalarPathsAgreeOnEveryRandomInput() {
        try (var sandbox = Sandbox.builder().build()) {
            var guest = sandbox.compile(Guests.bytes("simd_diff"));
            var run = GuestRun.start(sandbox, guest, EgressGuard.denyAll(EgressListener.none()), "2000");

            var outcome = run.await();

            assertThat(run.stdout()).isEqualTo("simd_diff: 2000 cases, 0 mismatches, histogram agrees\n");
            assertThat(outcome.exitCode()).isZero();
        }
    }
}
