package dev.sockeye.sockets.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuestTextTest {

    @Test
    void aForgedLineBecomesPartOfTheOneLineItIsIn() {
        assertThat(GuestText.escape("x.test\nsockeye: allowed connect tcp evil:443\r"))
                .isEqualTo("x.test\\x0asockeye: allowed connect tcp evil:443\\x0d");
    }

    @Test
    void terminalEscapesAndBidiControlsAreEscaped() {
        assertThat(GuestText.escape("\u001b[2Jred\u007f\u009b\u202eevil\u2066"))
                .isEqualTo("\\x1b[2Jred\\x7f\\x9b\\x{202e}evil\\x{2066}");
    }

    @Test
    void printableTextTabsAndBackslashesStayAsWritten() {
        String text = "GET /a\\b\tok: caf\u00e9 \u65e5\u672c";
        assertThat(GuestText.escape(text)).isSameAs(text);
    }
}
