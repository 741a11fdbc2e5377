package dev.sockeye.sockets.internal.fd;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IoVecsTest {
    private static final int IOVS = 0;
    private final GuestMemory memory = new GuestMemory(new ByteArrayMemory(new MemoryLimits(1)));
    private int nextBuffer = 1024;

    /** Writes the buffers' text into memory and an iovec array describing them at {@link #IOVS}. */
    private IoVecs iovecs(String... buffers) {
        for (int i = 0; i < buffers.length; i++) {
            byte[] bytes = buffers[i].getBytes(StandardCharsets.US_ASCII);
            memory.write(nextBuffer, bytes);
            memory.writeI32(IOVS + 8 * i, nextBuffer);
            memory.writeI32(IOVS + 8 * i + 4, bytes.length);
            nextBuffer += bytes.length + 16;
        }
        return IoVecs.read(memory, IOVS, buffers.length);
    }

    private String gathered(IoVecs iovecs, int limit) {
        return new String(iovecs.gather(memory, limit), StandardCharsets.US_ASCII);
    }

    @Test
    void gatherJoinsTheBuffersInOrderSkippingEmptyOnes() {
        assertThat(gathered(iovecs("ab", "", "cde"), Integer.MAX_VALUE)).isEqualTo("abcde");
    }

    @Test
    void gatherOfOneBufferWithDataAmongEmptyOnesIsThatBuffer() {
        assertThat(gathered(iovecs("", "hello", ""), Integer.MAX_VALUE)).isEqualTo("hello");
    }

    @Test
    void gatherStopsAtTheLimit() {
        assertThat(gathered(iovecs("hello"), 3)).isEqualTo("hel");
        assertThat(gathered(iovecs("ab", "cde"), 3)).isEqualTo("abc");
    }

    @Test
    void gatherOfOnlyEmptyBuffersIsEmpty() {
        assertThat(iovecs("", "").gather(memory, Integer.MAX_VALUE)).isEmpty();
        assertThat(iovecs().gather(memory, Integer.MAX_VALUE)).isEmpty();
    }
}
