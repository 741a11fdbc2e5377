package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.testing.Guests;
import org.junit.jupiter.api.Test;

/** Finished instances' memories are reused by the next instances of the module, wiped in between. */
class MemoryPoolTest {

    @Test
    void aRecycledMemoryShowsNothingOfTheGuestBefore() {
        try (var sandbox = Sandbox.builder().build()) {
            var guest = sandbox.compile(Guests.bytes("memory_secret"));
            for (int run = 0; run < 5; run++) {
                assertThat(sandbox.run(guest, GuestOptions.builder().build()).exitCode())
                        .as("run %d", run)
                        .isZero();
            }
            assertThat(guest.memoryPool().reused()).isEqualTo(4);
        }
    }

    @Test
    void aMemoryThatGrewIsNotRecycled() {
        try (var sandbox = Sandbox.builder().build()) {
            var guest = sandbox.compile(Guests.bytes("grow_memory"));
            for (int run = 0; run < 3; run++) {
                assertThat(sandbox.run(guest, GuestOptions.builder().build()).exitCode())
                        .isZero();
            }
            assertThat(guest.memoryPool().reused()).isZero();
        }
    }
}
