package dev.sockeye.sockets.simd;

import dev.sockeye.sockets.GuestInstance;
import dev.sockeye.sockets.testing.GuestFixture;

/** One instance of a guests/bin SIMD test module whose exports are each one instruction over their parameters. */
final class SimdModule implements AutoCloseable {
    private final GuestFixture fixture;
    private final GuestInstance instance;

    SimdModule(String name) {
        fixture = GuestFixture.of(name);
        instance = fixture.instance(null);
    }

    /** Calls {@code export} with v128 ({@code long[2]}) and scalar arguments; a v128 result is {lo, hi}. */
    long[] call(String export, Object... arguments) {
        return instance.call(export, Lanes.args(arguments));
    }

    GuestInstance instance() {
        return instance;
    }

    @Override
    public void close() {
        instance.close();
        fixture.close();
    }
}
