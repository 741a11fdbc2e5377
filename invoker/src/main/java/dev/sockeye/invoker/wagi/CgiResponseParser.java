package dev.sockeye.invoker.wagi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a guest's CGI header block (RFC 3875 section 6) from the first bytes of its stdout: {@code Name: value}
 * lines ended by LF or CRLF, then a blank line. At least one of Content-Type, Location or Status is required.
 * Feed it bytes as they come; once the block is complete it hands back the head and the bytes after it.
 */
public final class CgiResponseParser {
    /** The result of {@link #feed}. */
    public sealed interface Result {}

    /** The block is not complete yet: feed more. */
    public record NeedMore() implements Result {}

    /** The block is complete. {@code bodyStart} is what followed the blank line in the bytes fed. */
    public record Complete(CgiResponseHead head, byte[] bodyStart) implements Result {}

    /** The guest's output is not a valid header block; {@code reason} says why, for the 502 message. */
    public record Invalid(String reason) implements Result {}

    private static final NeedMore NEED_MORE = new NeedMore();
    private static final byte[] NO_BYTES = new byte[0];
    private static final java.util.regex.Pattern STATUS = java.util.regex.Pattern.compile("[1-5][0-9][0-9]( .*)?");
    private final int maxHeaderBytes;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private long bytesSeen;

    public CgiResponseParser(int maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    public Result feed(byte[] bytes, int offset, int length) {
        bytesSeen += length;
        if (seen.size() == 0) {
            // The usual case: the whole block arrives in the guest's first write, and is parsed where it lies.
            int end = blankLine(bytes, offset, offset + length, offset);
            if (end >= 0) {
                return complete(bytes, offset, end, offset + length);
            }
        }
        int scanFrom = Math.max(0, seen.size() - 3);
        seen.write(bytes, offset, length);
        byte[] all = seen.toByteArray();
        int end = blankLine(all, 0, all.length, scanFrom);
        if (end < 0) {
            return all.length > maxHeaderBytes
                    ? new Invalid("no blank line ending the header block within " + maxHeaderBytes + " bytes")
                    : NEED_MORE;
        }
        return complete(all, 0, end, all.length);
    }

    /** The block in {@code bytes[from, blockEnd)} parsed, the body start being what follows its blank line. */
    private static Result complete(byte[] bytes, int from, int blockEnd, int to) {
        int bodyFrom = bytes[blockEnd] == '\r' ? blockEnd + 2 : blockEnd + 1;
        Result parsed = parse(bytes, from, blockEnd);
        if (parsed instanceof Complete complete) {
            byte[] body = bodyFrom < to ? java.util.Arrays.copyOfRange(bytes, bodyFrom, to) : NO_BYTES;
            return new Complete(complete.head(), body);
        }
        return parsed;
    }

    /** What the guest wrote so far, for a message when it ended without a header block. */
    public int bytesSeen() {
        return (int) Math.min(bytesSeen, Integer.MAX_VALUE);
    }

    /** Index of the CR or LF that starts the empty line ending the block in {@code all[start, end)}, or -1. */
    private static int blankLine(byte[] all, int start, int end, int from) {
        int length = end - start;
        if (length > 0 && all[start] == '\n' || length > 1 && all[start] == '\r' && all[start + 1] == '\n') {
            return start; // no header at all: parse reports it
        }
        for (int i = from; i < end; i++) {
            if (all[i] != '\n') {
                continue;
            }
            if (i + 1 < end && all[i + 1] == '\n') {
                return i + 1;
            }
            if (i + 2 < end && all[i + 1] == '\r' && all[i + 2] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Parses the lines of {@code block[from, blockEnd)} (ISO-8859-1) without copying the block. */
    private static Result parse(byte[] block, int from, int blockEnd) {
        int status = -1;
        String reason = null;
        boolean hasLocation = false;
        boolean hasContentType = false;
        var headers = new ArrayList<Map.Entry<String, String>>(4);
        int lineStart = from;
        while (lineStart < blockEnd) {
            int newline = indexOf(block, (byte) '\n', lineStart, blockEnd);
            int next = newline < 0 ? blockEnd : newline + 1;
            int lineEnd = newline < 0 ? blockEnd : newline;
            if (lineEnd > lineStart && block[lineEnd - 1] == '\r') {
                lineEnd--;
            }
            if (lineEnd == lineStart) {
                lineStart = next;
                continue;
            }
            int colon = indexOf(block, (byte) ':', lineStart, lineEnd);
            if (colon <= lineStart) {
                return new Invalid("header line without 'Name:': " + abbreviate(text(block, lineStart, lineEnd)));
            }
            String name = text(block, lineStart, colon);
            if (!isToken(block, lineStart, colon)) {
                return new Invalid("bad header name: " + abbreviate(name));
            }
            String value = text(block, colon + 1, lineEnd).strip();
            lineStart = next;
            if (name.equalsIgnoreCase("Status")) {
                if (!STATUS.matcher(value).matches()) {
                    return new Invalid("Status must be a 3-digit code and optional reason: " + abbreviate(value));
                }
                status = Integer.parseInt(value.substring(0, 3));
                reason = value.length() > 4 ? value.substring(4) : null;
                continue;
            }
            hasLocation |= name.equalsIgnoreCase("Location");
            hasContentType |= name.equalsIgnoreCase("Content-Type");
            headers.add(Map.entry(name, value));
        }
        if (status < 0 && !hasLocation && !hasContentType) {
            return new Invalid("the header block has none of Content-Type, Location or Status");
        }
        if (status < 0) {
            status = hasLocation ? 302 : 200;
        }
        return new Complete(new CgiResponseHead(status, reason, List.copyOf(headers)), NO_BYTES);
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** RFC 9110's token: the characters a header name may have. */
    private static boolean isToken(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = bytes[i];
            boolean token = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || "!#$%&'*+.^_`|~-".indexOf(c) >= 0;
            if (!token) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
