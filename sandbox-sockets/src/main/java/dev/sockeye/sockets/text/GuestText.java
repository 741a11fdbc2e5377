package dev.sockeye.sockets.text;

/**
 * The one escaping of strings a guest controls (names it looks up, its stderr lines) before they reach a terminal,
 * a log line, an audit row, an SSE event or the console: control characters (C0, DEL, C1) and the Unicode bidi
 * controls become {@code \xNN} (above U+00FF {@code \x{NNNN}}), so a guest can neither end a line nor move the cursor nor
 * reorder what a person reads. Everything else, backslashes included, stays as the guest wrote it.
 */
public final class GuestText {

    private GuestText() {}

    /** {@code text} with every control character escaped; the same string when there is none. */
    public static String escape(String text) {
        if (text == null || text.chars().noneMatch(GuestText::isControl)) {
            return text;
        }
        var escaped = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (!isControl(c)) {
                escaped.appendCodePoint(c);
            } else if (c <= 0xff) {
                escaped.append(String.format("\\x%02x", c));
            } else {
                escaped.append(String.format("\\x{%04x}", c));
            }
        });
        return escaped.toString();
    }

    private static boolean isControl(int c) {
        return (c < 0x20 && c != '\t')
                || (c >= 0x7f && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
