package dev.sockeye.sockets.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.GuestInstance;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.testing.GuestFixture;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SO_BINDTODEVICE (WasmEdge option 14) as WasmEdge's socket samples read and set it, guests/wat/bindtodevice.wat:
 * answered as an unprivileged Linux process sees it.
 */
class BindToDeviceTest {
    static GuestFixture fixture;

    @BeforeAll
    static void start() {
        fixture = GuestFixture.of("bindtodevice");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static GuestInstance instance() {
        return fixture.instance(null);
    }

    @Test
    void readingTheDeviceOfAnUnboundSocketGivesAnEmptyName() {
        try (var instance = instance()) {
            assertThat(instance.call("case_get_by_pointer")[0]).isZero();

            int length = ByteBuffer.wrap(instance.readMemory(1100, 4))
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getInt();
            assertThat(length).as("name length written back").isZero();
            assertThat(instance.readMemory(128, 16)).as("buffer untouched").containsOnly((byte) 0xff);
        }
    }

    @Test
    void readingWithTheLengthByValueAlsoSucceeds() {
        try (var instance = instance()) {
            assertThat(instance.call("case_get_by_value")[0]).isZero();
        }
    }

    @Test
    void settingADeviceIsEperm() {
        try (var instance = instance()) {
            assertThat(instance.call("case_set")[0]).isEqualTo(Errno.PERM.code());
        }
    }
}
