package dev.sockeye.invoker.wagi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgiResponseParserTest {
    private final CgiResponseParser parser = new CgiResponseParser(64);

    private CgiResponseParser.Result feed(String text) {
        // Offset into a larger array, as the guest's write buffer may be.
        byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.ISO_8859_1);
        return parser.feed(bytes, 2, bytes.length - 4);
    }

    private static CgiResponseParser.Complete complete(CgiResponseParser.Result result) {
        assertThat(result).isInstanceOf(CgiResponseParser.Complete.class);
        return (CgiResponseParser.Complete) result;
    }

    private static String invalidReason(CgiResponseParser.Result result) {
        assertThat(result).isInstanceOf(CgiResponseParser.Invalid.class);
        return ((CgiResponseParser.Invalid) result).reason();
    }

    @Test
    void aBlockInOneWriteGivesTheHeadAndTheBodyBytesAfterTheBlankLine() {
        var complete = complete(feed("Content-Type: text/plain\n\nhello\n"));

        assertThat(complete.head().status()).isEqualTo(200);
        assertThat(complete.head().headers()).containsExactly(Map.entry("Content-Type", "text/plain"));
        assertThat(new String(complete.bodyStart(), StandardCharsets.ISO_8859_1))
                .isEqualTo("hello\n");
    }

    @Test
    void crlfLinesStatusWithReasonAndLocationAreRead() {
        var complete = complete(feed("Status: 404 Not Here\r\nX-A:  spaced value \r\n\r\n"));

        assertThat(complete.head().status()).isEqualTo(404);
        assertThat(complete.head().reason()).isEqualTo("Not Here");
        assertThat(complete.head().headers()).containsExactly(Map.entry("X-A", "spaced value"));
        assertThat(complete.bodyStart()).isEmpty();
        assertThat(complete(new CgiResponseParser(64).feed("Location: /x\n\n".getBytes(), 0, 14))
                        .head()
                        .status())
                .isEqualTo(302);
    }

    @Test
    void aBlockSplitAcrossWritesCompletesOnTheWriteWithTheBlankLine() {
        assertThat(feed("Content-Ty")).isInstanceOf(CgiResponseParser.NeedMore.class);
        assertThat(feed("pe: a/b\n")).isInstanceOf(CgiResponseParser.NeedMore.class);
        var complete = complete(feed("\nbody"));

        assertThat(complete.head().headers()).containsExactly(Map.entry("Content-Type", "a/b"));
        assertThat(new String(complete.bodyStart(), StandardCharsets.ISO_8859_1))
                .isEqualTo("body");
        assertThat(parser.bytesSeen()).isEqualTo("Content-Type: a/b\n\nbody".length());
    }

    @Test
    void badBlocksAreInvalidWithAReason() {
        assertThat(invalidReason(new CgiResponseParser(64).feed("no colon\n\n".getBytes(), 0, 10)))
                .isEqualTo("header line without 'Name:': no colon");
        assertThat(invalidReason(new CgiResponseParser(64).feed("Bad Name: x\n\n".getBytes(), 0, 13)))
                .isEqualTo("bad header name: Bad Name");
        assertThat(invalidReason(new CgiResponseParser(64).feed("Status: 99\n\n".getBytes(), 0, 12)))
                .startsWith("Status must be a 3-digit code");
        assertThat(invalidReason(new CgiResponseParser(64).feed("X-Only: 1\n\n".getBytes(), 0, 11)))
                .isEqualTo("the header block has none of Content-Type, Location or Status");
        assertThat(invalidReason(new CgiResponseParser(64).feed("\nbody".getBytes(), 0, 5)))
                .isEqualTo("the header block has none of Content-Type, Location or Status");
    }

    @Test
    void noBlankLineWithinTheHeaderLimitIsInvalid() {
        assertThat(feed("X: " + "a".repeat(40) + "\n")).isInstanceOf(CgiResponseParser.NeedMore.class);
        assertThat(invalidReason(feed("Y: " + "b".repeat(40) + "\n")))
                .isEqualTo("no blank line ending the header block within 64 bytes");
    }
}
