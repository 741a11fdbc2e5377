package dev.sockeye.sockets.internal.wasi;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Any host call with any arguments and any memory gives the guest an errno or a clean end, never a host failure,
 * a hang or a leaked socket (see {@link HostCallFuzzer}). The fuzz target replays its committed corpus in every
 * build; {@code bench/fuzz/host-calls.sh} fuzzes it for a set time with Jazzer.
 */
class HostCallFuzzTest {
    static HostCallFuzzer fuzzer;

    @BeforeAll
    static void start() {
        fuzzer = new HostCallFuzzer();
    }

    @AfterAll
    static void stop() {
        fuzzer.close();
    }

    @FuzzTest(maxDuration = "10m")
    void anyHostCallSequenceLeavesTheHostIntact(FuzzedDataProvider data) throws InterruptedException {
        fuzzer.run(new HostCallFuzzer.Choices() {
            @Override
            public int pick(int min, int max) {
                return data.consumeInt(min, max);
            }

            @Override
            public long anyLong() {
                return data.consumeLong();
            }

            @Override
            public byte[] bytes(int max) {
                return data.consumeBytes(max);
            }
        });
    }

    /** The same contract over seeded random sequences, so every build covers every call without a fuzzer. */
    @Test
    void twoThousandSeededSequencesLeaveTheHostIntact() throws InterruptedException {
        var random = new Random(20261203);
        for (int i = 0; i < 2_000; i++) {
            fuzzer.run(new HostCallFuzzer.Choices() {
                @Override
                public int pick(int min, int max) {
                    return min + random.nextInt(max - min + 1);
                }

                @Override
                public long anyLong() {
                    return random.nextLong();
                }

                @Override
                public byte[] bytes(int max) {
                    byte[] bytes = new byte[random.nextInt(max + 1)];
                    random.nextBytes(bytes);
                    return bytes;
                }
            });
        }
    }
}
