package dev.sockeye.invoker;

/** Log field values in the one quoted form: {@code key="value"} lines that JsonLogFormatter reads back. */
public final class LogText {
    private LogText() {}

    /** {@code value} with {@code \} and {@code "} escaped, to stand between the quotes of a {@code key="..."} field. */
    public static String quotable(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
