package dev.sockeye.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String shown() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalOneBarIsRedrawnInPlaceAndEndsWithALineBreak() {
        ProgressBar bar = new ProgressBar(out, "uploaded", true);
        bar.update(0, 4096);
        bar.update(1024, 4096);
        bar.update(1024, 4096);
        bar.update(4096, 4096);
        assertThat(shown())
                .isEqualTo("\ruploaded [                              ]   0% 0 B / 4.0 KiB"
                        + "\ruploaded [#######                       ]  25% 1.0 KiB / 4.0 KiB"
                        + "\ruploaded [##############################] 100% 4.0 KiB / 4.0 KiB\n");
    }

    @Test
    void elsewhereEachQuarterIsOnePlainLine() {
        ProgressBar bar = new ProgressBar(out, "uploaded", false);
        for (long sent = 0; sent <= 3 * 1024 * 1024; sent += 16 * 1024) {
            bar.update(sent, 3 * 1024 * 1024);
        }
        assertThat(shown().lines().toList())
                .containsExactly(
                        "uploaded 25% (786432 of 3145728 bytes)",
                        "uploaded 50% (1572864 of 3145728 bytes)",
                        "uploaded 75% (2359296 of 3145728 bytes)",
                        "uploaded 100% (3145728 of 3145728 bytes)");
        assertThat(shown()).doesNotContain("\r");
    }

    @Test
    void aSmallUploadElsewhereIsOneLine() {
        ProgressBar bar = new ProgressBar(out, "uploaded", false);
        bar.update(700, 700);
        assertThat(shown()).isEqualTo("uploaded 100% (700 of 700 bytes)\n");
    }

    @Test
    void sizesAreForPeople() {
        assertThat(ProgressBar.size(512)).isEqualTo("512 B");
        assertThat(ProgressBar.size(1536)).isEqualTo("1.5 KiB");
        assertThat(ProgressBar.size(5L * 1024 * 1024 + 100_000)).isEqualTo("5.1 MiB");
    }
}
