package dev.sockeye.sockets.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.Parser;
import dev.sockeye.sockets.GuestModuleException;
import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.internal.simd.SimdMachine;
import dev.sockeye.sockets.testing.Guests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How a module that uses SIMD is loaded: validated like any module, its SIMD functions run in the SIMD interpreter. */
class SimdModuleTest {
    static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().build();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void aSimdGuestRunsToItsExitCode() {
        var guest = sandbox.compile(Guests.bytes("simd"));
        var outcome = sandbox.run(
                guest,
                GuestOptions.builder()
                        .guard(EgressGuard.denyAll(EgressListener.none()))
                        .build());

        assertThat(outcome.exitCode()).isEqualTo(44);
    }

    @Test
    void onlyModulesThatUseV128GoToTheSimdInterpreterTheRestStayCompiled() {
        assertThat(SimdMachine.usedBy(Parser.parse(Guests.bytes("simd")))).isTrue();
        assertThat(SimdMachine.usedBy(Parser.parse(Guests.bytes("simd_diff")))).isTrue();
        assertThat(SimdMachine.usedBy(Parser.parse(Guests.bytes("hello_wagi")))).isFalse();
        assertThat(SimdMachine.usedBy(Parser.parse(Guests.bytes("snapshot0")))).isFalse();
    }

    @Test
    void aLaneIndexOutOfRangeIsRefusedAtLoad() {
        assertThatThrownBy(() -> sandbox.compile(Guests.bytes("simd_bad_lane")))
                .isInstanceOf(GuestModuleException.class)
                .hasMessageContaining("invalid lane index 16");
        assertThatThrownBy(() -> Sandbox.inspect(Guests.bytes("simd_bad_lane")))
                .isInstanceOf(GuestModuleException.class)
                .hasMessageContaining("invalid lane index 16");
    }

    @Test
    void anI32WhereAV128BelongsIsRefusedAtLoad() {
        assertThatThrownBy(() -> sandbox.compile(Guests.bytes("simd_bad_type")))
                .isInstanceOf(GuestModuleException.class)
                .hasMessageContaining("type mismatch");
        assertThatThrownBy(() -> Sandbox.inspect(Guests.bytes("simd_bad_type")))
                .isInstanceOf(GuestModuleException.class)
                .hasMessageContaining("type mismatch");
    }
}
