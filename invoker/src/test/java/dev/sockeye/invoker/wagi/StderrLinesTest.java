package dev.sockeye.invoker.wagi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StderrLinesTest {

    private final List<String> lines = new ArrayList<>();

    @Test
    void aGuestCannotForgeALineOrDriveTheTerminalOfWhoeverReadsItsLog() {
        try (var stderr = new StderrLines(lines::add, 8192, 1000)) {
            write(stderr, "ok\n\u001b[2Jcleared\r[sockeye] fake\n");
        }
        assertThat(lines).containsExactly("ok", "\\x1b[2Jcleared\\x0d[sockeye] fake");
    }

    @Test
    void afterTheLimitOneLineSaysTheRestIsDropped() {
        try (var stderr = new StderrLines(lines::add, 8192, 2)) {
            write(stderr, "a\nb\nc\nd\n");
        }
        assertThat(lines).containsExactly("a", "b", "[sockeye] more than 2 stderr lines: the rest is dropped");
    }

    private static void write(StderrLines stderr, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        stderr.write(bytes, 0, bytes.length);
    }
}
